package io.fraisier.providers.compose;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.providers.docker.DockerDaemon;
import io.fraisier.testkit.provider.DeploymentProviderContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract with Debian's docker-compose (v1) over SSH: every compose, docker and state-file
 * command goes through the in-process SSH server to this machine's real dockerd.
 */
class ComposeOverSshContractIT extends DeploymentProviderContract {
    @TempDir
    static Path daemonDir;

    static DockerDaemon daemon;

    @TempDir
    Path projectDir;

    @TempDir
    Path sshDir;

    private ComposeProject project;
    private ComposeSshHost host;
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
    void freshProject() throws IOException {
        project = new ComposeProject(daemon, projectDir);
        host = ComposeSshHost.start(daemon, sshDir);
        published = 0;
    }

    @AfterEach
    void removeProject() throws IOException {
        try {
            project.down();
            daemon.clean();
        } finally {
            host.close();
        }
    }

    @Override
    protected DeploymentProvider newProvider() {
        // no DOCKER_HOST on Fraisier's side: only the SSH host knows the daemon
        return project.provider(host.settings(), Map.of());
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
