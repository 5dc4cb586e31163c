package io.fraisier.providers.compose;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.providers.docker.DockerDaemon;
import io.fraisier.testkit.provider.DeploymentProviderContract;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract with Debian's docker-compose (v1) against a real dockerd. */
class ComposeContractIT extends DeploymentProviderContract {
    @TempDir
    static Path daemonDir;

    static DockerDaemon daemon;

    @TempDir
    Path projectDir;

    private ComposeProject project;
    private int published;

    @BeforeAll
    static void startDaemon() {
        ComposeProject.assumeComposeV1();
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
    void freshProject() {
        project = new ComposeProject(daemon, projectDir);
        published = 0;
    }

    @AfterEach
    void removeProject() {
        project.down();
        daemon.clean();
    }

    @Override
    protected DeploymentProvider newProvider() {
        return project.provider(Map.of());
    }

    @Override
    protected Version publishNewVersion() {
        published++;
        String tag = "v" + published;
        daemon.buildApp(tag, true);
        project.setDefaultTag(tag);
        return Version.of(tag);
    }

    @Override
    protected Version publishBrokenVersion() {
        published++;
        String tag = "broken" + published;
        daemon.buildApp(tag, false);
        project.setDefaultTag(tag);
        return Version.of(tag);
    }

    @Override
    protected Version unknownVersion() {
        return Version.of("v999");
    }

    @Override
    protected HealthCheck healthCheck() {
        return project.httpCheck();
    }

    @Override
    protected Optional<String> logLineAfterDeploy() {
        return Optional.of(" starting"); // the test image prints "app <tag> starting"
    }
}
