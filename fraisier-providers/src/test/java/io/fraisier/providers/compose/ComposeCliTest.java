package io.fraisier.providers.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeCliTest {
    private static final ComposeSettings SETTINGS = new ComposeSettings(
            "/srv/app/docker-compose.yml", "app", "web", "IMAGE_TAG", null, Duration.ofSeconds(60), "k");

    @Test
    void aStepStoppedAtItsTimeoutWithoutOutput_saysSo_notAnEmptyReason() {
        ScriptedRunner runner = new ScriptedRunner()
                .answer("docker compose version", 0, "Docker Compose version v2.29.1")
                .timesOut("docker compose", Duration.ofSeconds(60));

        // before: "Step 'ps' of k failed: " and nothing after it
        assertThatThrownBy(() -> new ComposeCli(SETTINGS, runner, Map.of()).containerIds())
                .isInstanceOf(FraisierException.class)
                .hasMessage("Step 'ps' of k failed: it did not finish within 60 s and was stopped (a Docker daemon"
                        + " that takes the connection and never answers does that)");
    }

    @Test
    void detection_prefersTheV2Plugin() {
        ScriptedRunner runner = new ScriptedRunner()
                .answer("docker compose version", 0, "Docker Compose version v2.29.1")
                .answer("docker-compose version", 0, "docker-compose version 1.29.2");

        ComposeCli cli = new ComposeCli(SETTINGS, runner, Map.of());

        assertThat(cli.command()).containsExactly("docker", "compose");
        assertThat(cli.version()).isEqualTo("Docker Compose version v2.29.1");
    }

    @Test
    void detection_fallsBackToV1_whenThePluginIsAbsent() {
        ScriptedRunner runner = new ScriptedRunner()
                .answer("docker compose version", 1, "docker: unknown command: docker compose")
                .answer("docker-compose version", 0, "docker-compose version 1.29.2, build unknown\ndocker-py 5");

        ComposeCli cli = new ComposeCli(SETTINGS, runner, Map.of());

        assertThat(cli.command()).containsExactly("docker-compose");
        assertThat(cli.version()).isEqualTo("docker-compose version 1.29.2, build unknown");
        cli.command();
        assertThat(runner.ran).as("detected once").hasSize(2);
    }

    @Test
    void detection_withNeither_isNotAvailable_listingWhatWasTried() {
        ScriptedRunner runner = new ScriptedRunner()
                .answer("docker compose version", 1, "docker: unknown command: docker compose")
                .missing("docker-compose");

        assertThatThrownBy(() -> new ComposeCli(SETTINGS, runner, Map.of()).command())
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining("`docker compose version`: docker: unknown command")
                .hasMessageContaining("`docker-compose version`: not found")
                .satisfies(e -> assertThat(((FraisierException) e).code()).isEqualTo(ErrorCode.NOT_AVAILABLE));
    }

    @Test
    void explicitComposeCommand_isUsedWithoutDetection() {
        ComposeSettings explicit = new ComposeSettings(
                "/srv/app/docker-compose.yml",
                null,
                "web",
                "TAG",
                List.of("docker-compose"),
                Duration.ofSeconds(60),
                "k");
        ScriptedRunner runner = new ScriptedRunner().answer("docker-compose -f", 0, "");

        new ComposeCli(explicit, runner, Map.of("DOCKER_HOST", "unix:///d.sock"))
                .compose("up", "v2", Duration.ofSeconds(5), "up", "-d");

        assertThat(runner.lines()).containsExactly("docker-compose -f /srv/app/docker-compose.yml up -d");
        assertThat(runner.ran.get(0).env()).containsEntry("TAG", "v2").containsEntry("DOCKER_HOST", "unix:///d.sock");
        assertThat(runner.ran.get(0).workDir()).isEqualTo("/srv/app");
    }

    @Test
    void image_readsTheServiceFromConfig_despiteWarnings() {
        ScriptedRunner runner = new ScriptedRunner()
                .answer("docker compose version", 0, "v2")
                .answer("docker compose -f /srv/app/docker-compose.yml -p app config", 0, """
                        The IMAGE_TAG variable is not set. Defaulting to a blank string.
                        services:
                          web:
                            image: registry.example.com/app:v3
                        WARNING: something else
                        version: '2.4'
                        """);

        assertThat(new ComposeCli(SETTINGS, runner, Map.of()).image(null)).contains("registry.example.com/app:v3");
    }

    @Test
    void image_ofAnUnknownService_listsTheServices() {
        ScriptedRunner runner = new ScriptedRunner()
                .answer("docker compose version", 0, "v2")
                .answer("docker compose -f", 0, "services:\n  api:\n    image: a:1\n  db:\n    image: b:2\n");

        assertThatThrownBy(() -> new ComposeCli(SETTINGS, runner, Map.of()).image(null))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining("'web' is not a service")
                .hasMessageContaining("api, db");
    }

    @Test
    void containerIds_ignoreWarningLines() {
        String id = "a".repeat(64);
        ScriptedRunner runner = new ScriptedRunner()
                .answer("docker compose version", 0, "v2")
                .answer("docker compose -f", 0, "WARNING: The IMAGE_TAG variable is not set.\n" + id + "\n");

        assertThat(new ComposeCli(SETTINGS, runner, Map.of()).containerIds()).containsExactly(id);
    }

    @Test
    void tagOf_readsTheTagAfterTheLastSlash() {
        assertThat(ComposeCli.tagOf("localhost:5000/app:v1")).contains("v1");
        assertThat(ComposeCli.tagOf("localhost:5000/app")).isEmpty();
        assertThat(ComposeCli.tagOf("app:")).isEmpty();
    }

    @Test
    void dockerEnvironment_keepsDockerAndComposeVariablesOnly() {
        assertThat(ComposeCli.dockerEnvironment(
                        Map.of("DOCKER_HOST", "tcp://h:2375", "COMPOSE_PROJECT_NAME", "x", "HOME", "/root")))
                .containsOnlyKeys("DOCKER_HOST", "COMPOSE_PROJECT_NAME");
    }
}
