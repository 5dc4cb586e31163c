package io.fraisier.providers.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.baremetal.OpenSshd;
import io.fraisier.providers.docker.DockerDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker_compose over a real OpenSSH server, as the unprivileged user fraisier-test. That user reaches
 * the private test daemon through {@code docker}/{@code docker-compose} wrappers first on its PATH, which
 * set DOCKER_HOST as its login environment would on a real host.
 */
class ComposeOverOpenSshIT {
    @TempDir
    static Path daemonDir;

    static DockerDaemon daemon;
    static OpenSshd sshd;

    private ComposeProject project;

    @BeforeAll
    static void start() throws IOException {
        ComposeProject.assumeComposeV1();
        assumeTrue(OpenSshd.unavailable().isEmpty(), OpenSshd.unavailable().orElse(""));
        daemon = DockerDaemon.startOrSkip(daemonDir);
        daemon.buildApp("v1", true);
        daemon.buildApp("v2", true);
        sshd = OpenSshd.start();
        String dockerHost = daemon.env().get("DOCKER_HOST");
        letOthersReach(Path.of(dockerHost.substring("unix://".length())));
        for (String program : new String[] {"docker", "docker-compose"}) {
            Path wrapper = sshd.bin().resolve(program);
            Files.writeString(
                    wrapper, "#!/bin/sh\nDOCKER_HOST='" + dockerHost + "' exec " + realPath(program) + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (sshd != null) {
                sshd.close();
            }
        } finally {
            if (daemon != null) {
                daemon.clean();
                daemon.stop();
            }
        }
    }

    @AfterEach
    void removeProject() {
        if (project != null) {
            project.down();
        }
    }

    @Test
    void deploy_rollback_health_andLogs_asAnUnprivilegedUser() throws IOException {
        Path dir = sshd.newFolder("compose");
        project = new ComposeProject(daemon, dir);
        OpenSshd.ownedByTestUser(dir);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("host", "127.0.0.1");
        settings.put("port", (long) sshd.port());
        settings.put("user", OpenSshd.USER);
        settings.put("key_path", sshd.clientKey().toString());
        settings.put("known_hosts", sshd.knownHosts().toString());
        HealthCheck inContainer = new HealthCheck(
                null, null, "test -f /www/health", null, Duration.ofSeconds(10), 0, Duration.ofSeconds(1));

        try (ComposeDeploymentProvider provider = (ComposeDeploymentProvider) project.provider(settings, Map.of())) {
            provider.deploy(Version.of("v1"), StepReporter.NONE);
            provider.deploy(Version.of("v2"), StepReporter.NONE);
            provider.deploy(Version.of("v1"), StepReporter.NONE);

            assertThat(provider.currentVersion()).contains(Version.of("v1"));
            assertThat(Files.readString(dir.resolve(".fraisier-web.previous.tag")))
                    .isEqualTo("v2\n");
            ProbeResult health = provider.probe(inContainer, Duration.ofSeconds(10));
            assertThat(health.healthy()).as("%s", health).isTrue();
            assertThat(provider.probe(project.httpCheck(), Duration.ofSeconds(5))
                            .healthy())
                    .isTrue();
            assertThat(provider.recentLogs(5)).containsExactly("app v1 starting");
            assertThat(provider.connection().connectionsOpened()).isEqualTo(1);
        }
    }

    /** Lets the test user reach the private daemon's socket (a test daemon, removed after the class). */
    private static void letOthersReach(Path socket) throws IOException {
        for (Path p = socket.getParent(); p != null && !p.equals(Path.of("/")); p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p);
            // only where it is missing: a rewrite would drop /tmp's sticky bit
            if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(p, perms);
            }
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    private static String realPath(String program) {
        for (String dir : new String[] {"/usr/local/bin", "/usr/bin", "/bin"}) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(program + " is not installed");
    }
}
