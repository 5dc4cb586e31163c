package io.fraisier.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentListener;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.fake.ConfigFixtures;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs the example of {@code docs/API_REFERENCE.md} against the fakes, and checks the page shows this code. */
class EmbeddingExampleTest {
    // BEGIN EXAMPLE
    static DeploymentOutcome deployMyApi(
            FraisierConfig config, FraisierStore store, DeploymentProviderFactory providers, PrintStream out) {
        DeploymentListener progress = new DeploymentListener() {
            @Override
            public void onEvent(Deployment deployment, DeploymentEvent event) {
                out.println("#" + deployment.id() + " [" + event.step() + "] " + event.message());
            }
        };
        try (Fraisier fraisier = Fraisier.builder()
                .config(config)
                .store(store)
                .provider(providers)
                .listener(progress)
                .build()) {
            DeployRequest request = DeployRequest.of(Target.of("my_api", "production"))
                    .withVersion(Version.of("v2.4.0"))
                    .by(Trigger.API, "release-bot");
            DeploymentOutcome outcome = fraisier.deploy(request);
            switch (outcome) {
                case DeploymentOutcome.Succeeded s ->
                    out.println("now running " + s.deployment().newVersion());
                case DeploymentOutcome.RolledBack r ->
                    out.println("rolled back to " + r.restored() + ": " + r.reason());
                case DeploymentOutcome.RollbackFailed f -> out.println("OPERATOR NEEDED: " + f.summary());
                default -> out.println(outcome.summary());
            }
            return outcome;
        }
    }
    // END EXAMPLE

    @Test
    void example_deploysThroughTheFrontDoor() {
        Target target = Target.of("my_api", "production");
        FraisierConfig config = ConfigFixtures.config(ConfigFixtures.environment(target, "local"));
        ScriptedProviderFactory providers = new ScriptedProviderFactory("local");
        providers.target(target).running(Version.of("v2.3.1"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        DeploymentOutcome outcome = deployMyApi(
                config, new InMemoryStore(), providers, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(outcome.exitCode()).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("[lock] lock acquired")
                .contains("[health] attempt 1/4: healthy")
                .endsWith("now running v2.4.0" + System.lineSeparator());
    }

    @Test
    void apiReference_showsExactlyTheCodeThatThisTestRuns() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/fraisier/core/api/EmbeddingExampleTest.java"));
        String example = source.substring(
                        source.indexOf("// BEGIN EXAMPLE") + "// BEGIN EXAMPLE".length(),
                        source.indexOf("// END EXAMPLE"))
                .stripIndent()
                .strip();
        String page = Files.readString(Path.of("../docs/API_REFERENCE.md"));

        assertThat(page).contains("```java\n" + example + "\n```");
    }
}
