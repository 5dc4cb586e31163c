package io.fraisier.providers.docker;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.testkit.provider.DeploymentProviderContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract against a real dockerd with images built here. */
class DockerContractIT extends DeploymentProviderContract {
    @TempDir
    static Path daemonDir;

    static DockerDaemon daemon;

    private int port;
    private int published;
    private String newestTag = DockerKeys.TAG.defaultText();

    @BeforeAll
    static void startDaemon() {
        daemon = DockerDaemon.startOrSkip(daemonDir);
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.clean();
            daemon.stop();
        }
    }

    @BeforeEach
    void freshTarget() {
        port = DockerDaemon.freePort();
        published = 0;
        newestTag = DockerKeys.TAG.defaultText();
    }

    @AfterEach
    void cleanDaemon() {
        daemon.clean();
    }

    @Override
    protected DeploymentProvider newProvider() {
        return DockerTargets.provider(
                DockerTargets.environment(
                        healthCheck(),
                        Map.of(
                                "docker_host",
                                daemon.host(),
                                "image",
                                DockerDaemon.REPO,
                                "tag",
                                newestTag,
                                "ports",
                                List.of("127.0.0.1:" + port + ":8000"),
                                "keep_images",
                                10L)),
                Duration.ofSeconds(2));
    }

    @Override
    protected Version publishNewVersion() {
        published++;
        newestTag = "v" + published;
        daemon.buildApp(newestTag, true);
        return Version.of(newestTag);
    }

    @Override
    protected Version publishBrokenVersion() {
        published++;
        newestTag = "broken" + published;
        daemon.buildApp(newestTag, false);
        return Version.of(newestTag);
    }

    @Override
    protected Version unknownVersion() {
        return Version.of("v999");
    }

    @Override
    protected HealthCheck healthCheck() {
        return DockerTargets.httpCheck("http://127.0.0.1:" + port + "/health");
    }

    @Override
    protected Optional<String> logLineAfterDeploy() {
        return Optional.of(" starting"); // the test image prints "app <tag> starting"
    }
}
