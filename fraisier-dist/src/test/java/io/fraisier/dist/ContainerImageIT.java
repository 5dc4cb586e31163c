package io.fraisier.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook daemon's OCI image (made by Jib, with no Docker daemon, into target/fraisier-webhook-image.tar)
 * in a real dockerd: docs/INSTALL.md's "image-run" block (docker load, docker run) as written, then
 * {@code GET /health} answers 200. Starts a private dockerd (no bridge, no iptables rules) and always stops it.
 * Needs root and dockerd (skips otherwise, saying what to install).
 */
class ContainerImageIT {
    @TempDir
    Path tmp;

    private boolean running(Map<String, String> env) {
        try {
            return Shell.run(
                            List.of("docker", "inspect", "-f", "{{.State.Running}}", "fraisier-webhook"),
                            tmp,
                            env,
                            Duration.ofSeconds(30))
                    .output()
                    .strip()
                    .equals("true");
        } catch (Exception e) {
            throw new IllegalStateException("docker inspect fraisier-webhook failed", e);
        }
    }

    @Test
    void theImage_loadsIntoDockerd_andAnswersHealth() throws Exception {
        Path image = Distribution.target().resolve("fraisier-webhook-image.tar");
        assumeTrue(Files.isRegularFile(image), "no " + image + ": built without -Dfraisier.image.skip=true");
        assumeTrue("0".equals(Shell.run("id", "-u").output().strip()), "not root: dockerd needs root");
        assumeTrue(Shell.onPath("dockerd"), "no dockerd: apt-get install -y docker.io");
        // a daemon of its own, with no bridge and no iptables rules (the container uses the host network), so
        // it cannot disturb another test's dockerd running beside it (fraisier-docker-it under -T 2)
        Path dockerDir = Files.createTempDirectory("fdi");
        String dockerHost = "unix://" + dockerDir.resolve("docker.sock");
        Process dockerd = new ProcessBuilder(
                        Files.isExecutable(Path.of("/usr/sbin/dockerd")) ? "/usr/sbin/dockerd" : "dockerd",
                        "--data-root",
                        dockerDir.resolve("data").toString(),
                        "--exec-root",
                        dockerDir.resolve("exec").toString(),
                        "--pidfile",
                        dockerDir.resolve("dockerd.pid").toString(),
                        "-H",
                        dockerHost,
                        "--bridge=none",
                        "--iptables=false",
                        "--ip6tables=false")
                .redirectErrorStream(true)
                .redirectOutput(dockerDir.resolve("dockerd.log").toFile())
                .start();
        try {
            Map<String, String> env = new HashMap<>();
            env.put("DOCKER_HOST", dockerHost);
            long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Shell.run(List.of("docker", "version"), tmp, env, Duration.ofSeconds(30))
                            .exit()
                    != 0) {
                assertThat(dockerd.isAlive())
                        .as("dockerd exited: %s", Files.readString(dockerDir.resolve("dockerd.log")))
                        .isTrue();
                assertThat(System.nanoTime()).as("dockerd answers within 60 s").isLessThan(ready);
                Thread.sleep(250);
            }
            int port = Distribution.freePort();
            Path config = Files.createDirectories(tmp.resolve("etc-fraisier"));
            Files.writeString(config.resolve("fraises.yaml"), """
                    database:
                      type: sqlite
                      path: /var/lib/fraisier/fraisier.db
                    webhook:
                      address: 127.0.0.1
                      port: %d
                    fraises:
                      hello:
                        type: api
                        environments:
                          production:
                            provider: bare_metal
                            host: deploy.example.invalid
                            git_repo: https://git.example.invalid/org/hello.git
                            app_path: /srv/hello
                    """.formatted(port));
            Files.copy(
                    Distribution.target().resolve("fraisier-webhook-image.tar"),
                    tmp.resolve("fraisier-webhook-image.tar"));
            // the container's user (10001) reads the mounted configuration, as docs/INSTALL.md says
            var readable = java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");
            Files.setPosixFilePermissions(tmp, readable);
            Files.setPosixFilePermissions(config, readable);
            Files.setPosixFilePermissions(
                    config.resolve("fraises.yaml"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            // the documented run publishes 8080; here the host network and a free port, since a second
            // daemon's bridge would clash with the one fraisier-providers' tests may have made
            String script = Distribution.block("image-run")
                    .replace("-v /etc/fraisier:", "-v " + config + ":")
                    .replace("-p 8080:8080", "--network host")
                    .replace(":0.1.0", ":" + Distribution.version());
            Shell.Result run = Shell.bash(script, tmp, env).ok();
            assertThat(run.output()).contains("fraisier-webhook:" + Distribution.version());

            int status = Distribution.healthStatus(port, () -> running(env));
            String logs = Shell.run(List.of("docker", "logs", "fraisier-webhook"), tmp, env, Duration.ofSeconds(30))
                    .output();
            assertThat(status)
                    .as("GET /health of the container; its log:\n%s", logs)
                    .isEqualTo(200);
            assertThat(Shell.run(
                                    List.of("docker", "exec", "fraisier-webhook", "/opt/java/bin/java", "-version"),
                                    tmp,
                                    env,
                                    Duration.ofSeconds(30))
                            .output())
                    .contains("version");
        } finally {
            // stopping dockerd stops the container and containerd with it
            dockerd.destroy();
            if (!dockerd.waitFor(60, TimeUnit.SECONDS)) {
                dockerd.descendants().forEach(ProcessHandle::destroyForcibly);
                dockerd.destroyForcibly().waitFor();
            }
            // dockerd leaves its network namespace mounted under its exec root: unmount, then remove
            Shell.bash(
                    "findmnt -rn -o TARGET | grep '^" + dockerDir + "/' | sort -r | xargs -r umount -l; rm -rf '"
                            + dockerDir + "'",
                    tmp,
                    Map.of());
            assertThat(dockerDir).as("the private dockerd's folder, removed").doesNotExist();
        }
    }
}
