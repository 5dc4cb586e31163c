package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * monitoring/README.md's first move for {@code HighDeploymentErrorRate}: the deployments the error counter
 * counted are found by the commands it gives, also when they were rolled back (which {@code history
 * --status failed} alone misses).
 */
class ErrorRateRunbookTest {
    @TempDir
    Path dir;

    @Test
    void aRolledBackDeployment_isFoundByTheRunbooksCommands_notByStatusFailed() throws Exception {
        Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  my_api:
                    environments:
                      production: { provider: local, app_path: /srv/my-api }
                """);
        ScriptedProviderFactory local = new ScriptedProviderFactory("local");
        local.target(Target.of("my_api", "production"))
                .running(Version.of("v0"))
                .defaultTarget(Version.of("v1"))
                .failAfterSwitch("restart", "exit 3");
        CliRun cli = new CliRun(dir).wiring(builder -> builder.provider(local));
        assertThat(cli.run("deploy", "my_api", "production").exit()).isEqualTo(6);

        assertThat(cli.run("history", "--status", "failed").out()).isEqualTo("No deployment matches.\n");

        CliRun.Result text = cli.run("history", "--since", "30m");
        assertThat(text.out()).contains(" rolled_back ");

        CliRun.Result json = cli.run("history", "--since", "30m", "--limit", "200", "--output", "json");
        List<JsonNode> withError = new ArrayList<>();
        new ObjectMapper().readTree(json.out()).get("deployments").forEach(d -> {
            if (!d.get("error_type").isNull()) {
                withError.add(d);
            }
        });
        assertThat(withError).singleElement().satisfies(d -> {
            assertThat(d.get("status").asText()).isEqualTo("rolled_back");
            assertThat(d.get("provider").asText()).isEqualTo("local");
            assertThat(d.get("error_type").asText()).isNotBlank();
        });
        String readme = Files.readString(Path.of("..", "monitoring", "README.md"));
        assertThat(readme)
                .contains("fraisier history --since 30m --limit 200 --output json")
                .contains("select(.error_type != null)")
                .doesNotContain("then `fraisier history --status failed`.");
    }
}
