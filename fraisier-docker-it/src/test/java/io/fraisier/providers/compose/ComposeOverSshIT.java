package io.fraisier.providers.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.docker.DockerDaemon;
import io.fraisier.providers.ssh.SshConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docker_compose over SSH promises beyond the contract: one connection for everything, host keys
 * verified, the daemon reached only from the compose host, command health in the container, logs.
 */
class ComposeOverSshIT {
    @TempDir
    static Path daemonDir;

    static DockerDaemon daemon;

    @TempDir
    Path projectDir;

    @TempDir
    Path sshDir;

    private ComposeProject project;
    private ComposeSshHost host;

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
    void freshProject() throws IOException {
        project = new ComposeProject(daemon, projectDir);
        host = ComposeSshHost.start(daemon, sshDir);
    }

    @AfterEach
    void removeProject() throws IOException {
        try {
            project.down();
        } finally {
            host.close();
        }
    }

    private ComposeDeploymentProvider provider(Map<String, Object> overrides) {
        Map<String, Object> settings = host.settings();
        settings.putAll(overrides);
        return (ComposeDeploymentProvider) project.provider(settings, Map.of());
    }

    @Test
    void deploy_rollback_healthAndLogs_allUseOneSshConnection() throws Exception {
        HealthCheck inContainer = new HealthCheck(
                null, null, "test -f /www/health", null, Duration.ofSeconds(10), 0, Duration.ofSeconds(1));
        try (ComposeDeploymentProvider provider = provider(Map.of())) {
            provider.deploy(Version.of("v1"), StepReporter.NONE);
            provider.deploy(Version.of("v2"), StepReporter.NONE);
            provider.deploy(Version.of("v1"), StepReporter.NONE);

            assertThat(provider.currentVersion()).contains(Version.of("v1"));
            assertThat(Files.readString(projectDir.resolve(".fraisier-web.previous.tag")))
                    .isEqualTo("v2\n");
            ProbeResult health = provider.probe(inContainer, Duration.ofSeconds(10));
            assertThat(health.healthy()).as("%s", health).isTrue();
            assertThat(provider.probe(project.httpCheck(), Duration.ofSeconds(5))
                            .healthy())
                    .as("HTTP from the orchestrator")
                    .isTrue();
            assertThat(provider.recentLogs(5)).containsExactly("app v1 starting");

            SshConnection ssh = provider.connection();
            assertThat(ssh).isNotNull();
            assertThat(ssh.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void probe_withAFailingCommand_isUnhealthy_withTheExitStatus() {
        HealthCheck absent = new HealthCheck(
                null, null, "test -f /www/nothing", null, Duration.ofSeconds(10), 0, Duration.ofSeconds(1));
        try (ComposeDeploymentProvider provider = provider(Map.of())) {
            provider.deploy(Version.of("v1"), StepReporter.NONE);

            ProbeResult missing = provider.probe(absent, Duration.ofSeconds(10));

            assertThat(missing.healthy()).isFalse();
            assertThat(missing.detail()).startsWith("exit 1");
        }
    }

    @Test
    void anUnknownHostKey_isRefused_beforeAnyCommandRuns() throws IOException {
        Files.writeString(host.knownHosts, "");
        try (ComposeDeploymentProvider provider = provider(Map.of())) {
            assertThatThrownBy(() -> provider.deploy(Version.of("v1"), StepReporter.NONE))
                    .isInstanceOfSatisfying(
                            FraisierException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE));
            List<CheckResult> checks = provider.selfTest();
            assertThat(checks).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("ssh");
                assertThat(c.ok()).isFalse();
            });
        }
        assertThat(Files.exists(projectDir.resolve(".fraisier-web.tag"))).isFalse();
    }

    @Test
    void aPinnedFingerprintThatDoesNotMatch_isRefused() {
        try (ComposeDeploymentProvider provider =
                provider(Map.of("host_key_fingerprint", "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"))) {
            assertThatThrownBy(provider::currentVersion)
                    .isInstanceOf(FraisierException.class)
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void selfTest_reportsTheConnectionThenComposeOnTheHost() {
        try (ComposeDeploymentProvider provider = provider(Map.of())) {
            List<CheckResult> checks = provider.selfTest();

            assertThat(checks).allMatch(CheckResult::ok);
            assertThat(checks)
                    .extracting(CheckResult::name)
                    .containsExactly("ssh", "compose", "compose file", "service", "daemon");
            assertThat(checks.get(0).detail()).contains("deploy@127.0.0.1:" + host.server.port(), "SHA256:");
            assertThat(provider.plan(null, Version.of("v1")))
                    .first()
                    .asString()
                    .startsWith("connect to deploy@127.0.0.1:" + host.server.port());
        }
    }

    @Test
    void aComposeFileMissingOnTheHost_failsTheSelfTest_namingTheHost() {
        try (ComposeDeploymentProvider provider =
                provider(Map.of("compose_file", projectDir.resolve("absent.yml").toString()))) {
            List<CheckResult> checks = provider.selfTest();

            assertThat(checks).last().satisfies(c -> {
                assertThat(c.ok()).isFalse();
                assertThat(c.detail()).contains("absent.yml does not exist on deploy@127.0.0.1");
            });
        }
    }
}
