package io.fraisier.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider without a daemon: tag parsing and an unreachable docker_host. */
class DockerDeploymentProviderTest {
    @TempDir
    Path dir;

    @Test
    void tagOf_readsTheTagAfterTheLastSlash() {
        assertThat(DockerDeploymentProvider.tagOf("localhost:5000/app:v1")).contains("v1");
        assertThat(DockerDeploymentProvider.tagOf("localhost:5000/app")).isEmpty();
        assertThat(DockerDeploymentProvider.tagOf("app@sha256:abc")).isEmpty();
    }

    @Test
    void unreachableDaemon_isProviderUnreachable_namingDockerHost() {
        String host = "unix://" + dir.resolve("no-daemon.sock");
        try (DockerDeploymentProvider provider = provider(host)) {
            assertThatThrownBy(provider::currentVersion)
                    .isInstanceOf(FraisierException.class)
                    .hasMessageContaining("docker_host " + host)
                    .satisfies(e -> {
                        FraisierException f = (FraisierException) e;
                        assertThat(f.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
                        assertThat(f.hint()).contains("dockerd");
                    });
        }
    }

    @Test
    void selfTest_ofAnUnreachableDaemon_failsTheFirstCheck_andStops() {
        String host = "unix://" + dir.resolve("no-daemon.sock");
        try (DockerDeploymentProvider provider = provider(host)) {
            List<CheckResult> checks = provider.selfTest();

            assertThat(checks).hasSize(1);
            assertThat(checks.get(0).ok()).isFalse();
            assertThat(checks.get(0).detail()).contains(host);
        }
    }

    @Test
    void factories_areFoundByServiceLoader() {
        assertThat(java.util.ServiceLoader.load(io.fraisier.core.spi.DeploymentProviderFactory.class).stream()
                        .map(p -> p.get().type())
                        .toList())
                .contains("docker", "docker_compose");
    }

    private static DockerDeploymentProvider provider(String host) {
        return DockerTargets.provider(
                DockerTargets.environment(
                        DockerTargets.httpCheck("http://127.0.0.1:1/health"),
                        Map.of("docker_host", host, "image", "app")),
                Duration.ofSeconds(1));
    }
}
