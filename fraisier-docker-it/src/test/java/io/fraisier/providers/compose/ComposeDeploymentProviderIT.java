package io.fraisier.providers.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.docker.DockerDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the docker_compose provider promises beyond the contract, with docker-compose v1 and a real dockerd. */
class ComposeDeploymentProviderIT {
    @TempDir
    static Path daemonDir;

    static DockerDaemon daemon;

    @TempDir
    Path projectDir;

    private ComposeProject project;

    @BeforeAll
    static void startDaemon() {
        ComposeProject.assumeComposeV1();
        daemon = DockerDaemon.startOrSkip(daemonDir);
        daemon.buildApp("v1", true);
        daemon.buildApp("v2", true);
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.clean();
            daemon.stop();
        }
    }

    @BeforeEach
    void freshProject() {
        project = new ComposeProject(daemon, projectDir);
    }

    @AfterEach
    void removeProject() {
        project.down();
    }

    @Test
    void deploy_recordsTheTag_andThePreviousOne_nextToTheComposeFile() throws Exception {
        try (DeploymentProvider provider = project.provider(Map.of())) {
            provider.deploy(Version.of("v1"), StepReporter.NONE);
            provider.deploy(Version.of("v2"), StepReporter.NONE);

            assertThat(Files.readString(projectDir.resolve(".fraisier-web.tag")))
                    .isEqualTo("v2\n");
            assertThat(Files.readString(projectDir.resolve(".fraisier-web.previous.tag")))
                    .isEqualTo("v1\n");

            provider.deploy(Version.of("v1"), StepReporter.NONE);
            assertThat(provider.currentVersion()).contains(Version.of("v1"));
            assertThat(Files.readString(projectDir.resolve(".fraisier-web.previous.tag")))
                    .isEqualTo("v2\n");
        }
    }

    @Test
    void currentVersion_ofAStoppedService_comesFromTheStateFile() {
        try (DeploymentProvider provider = project.provider(Map.of())) {
            provider.deploy(Version.of("v2"), StepReporter.NONE);
            project.compose("rm", "-s", "-f", "web");

            assertThat(project.compose("ps", "-q", "web").output().strip()).isEmpty();
            assertThat(provider.currentVersion()).contains(Version.of("v2"));
        }
    }

    @Test
    void deploy_whenThePullFails_usesTheLocalImage_andSaysSo() {
        List<String> steps = new CopyOnWriteArrayList<>();
        try (DeploymentProvider provider = project.provider(Map.of())) {
            provider.deploy(Version.of("v1"), (s, m) -> steps.add(s + ": " + m));
        }
        assertThat(steps)
                .anyMatch(s -> s.startsWith("pull: pull of " + DockerDaemon.REPO + ":v1 failed")
                        && s.endsWith("using the local image"))
                .anyMatch(s -> s.startsWith("up: service web runs " + DockerDaemon.REPO + ":v1"));
    }

    @Test
    void deploy_ofAnImageThatIsNowhere_failsNamingIt() {
        try (DeploymentProvider provider = project.provider(Map.of())) {
            assertThatThrownBy(() -> provider.deploy(Version.of("v404"), StepReporter.NONE))
                    .isInstanceOf(FraisierException.class)
                    .hasMessageContaining(DockerDaemon.REPO + ":v404")
                    .hasMessageContaining("neither on the Docker daemon nor pullable");
            assertThat(provider.currentVersion()).isEmpty();
        }
    }

    @Test
    void probe_withACommand_runsItInTheServiceContainer() {
        HealthCheck present = new HealthCheck(
                null, null, "test -f /www/health", null, Duration.ofSeconds(10), 0, Duration.ofSeconds(1));
        HealthCheck absent = new HealthCheck(
                null, null, "test -f /www/nothing", null, Duration.ofSeconds(10), 0, Duration.ofSeconds(1));
        try (DeploymentProvider provider = project.provider(Map.of())) {
            provider.deploy(Version.of("v1"), StepReporter.NONE);

            assertThat(provider.probe(present, Duration.ofSeconds(10)).healthy())
                    .isTrue();
            ProbeResult missing = provider.probe(absent, Duration.ofSeconds(10));
            assertThat(missing.healthy()).isFalse();
            assertThat(missing.detail()).startsWith("exit 1");
        }
    }

    @Test
    void selfTest_detectsComposeV1_whenThePluginIsAbsent() {
        try (DeploymentProvider provider = project.provider(Map.of())) {
            List<CheckResult> checks = provider.selfTest();

            assertThat(checks).allMatch(CheckResult::ok);
            assertThat(checks.get(0).detail()).startsWith("docker-compose: docker-compose version 1.");
        }
    }

    @Test
    void explicitComposeCommand_isUsed_andAnAbsentOneFailsTheSelfTest() {
        try (DeploymentProvider v1 = project.provider(Map.of("compose_command", "docker-compose"))) {
            v1.deploy(Version.of("v1"), StepReporter.NONE);
            assertThat(v1.currentVersion()).contains(Version.of("v1"));
        }
        try (DeploymentProvider missing = project.provider(Map.of("compose_command", "docker compose"))) {
            List<CheckResult> checks = missing.selfTest();
            assertThat(checks).anyMatch(c -> !c.ok());
        }
    }

    @Test
    void recentLogs_areTheServicesOutput_withoutComposesPrefix() {
        try (DeploymentProvider provider = project.provider(Map.of())) {
            assertThat(provider.recentLogs(5)).as("no container yet").isEmpty();
            provider.deploy(Version.of("v1"), StepReporter.NONE);

            assertThat(provider.recentLogs(5)).containsExactly("app v1 starting");
        }
    }
}
