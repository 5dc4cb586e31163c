package io.fraisier.providers.docker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.LocalCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private dockerd for one test class, started with {@code dev/dockerd.sh} under a temporary folder, and
 * the test images built on it from Debian's busybox-static (nothing can be pulled here). Tests that need
 * it are skipped, saying what to install, when dockerd, busybox or root are missing.
 *
 * <p>Image {@code REPO:tag} serves {@code /www} with {@code busybox httpd} on port 8000 as a shell that
 * exits on SIGTERM; {@code /health} exists unless the image is built broken.
 */
public final class DockerDaemon {
    public static final String REPO = "fraisier-test/app";
    public static final String BASE = "fraisier-test/busybox:base";
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final Path script;
    private final String host;
    private final LocalCommandRunner runner = new LocalCommandRunner();

    private DockerDaemon(Path dir, Path script, String host) {
        this.dir = dir;
        this.script = script;
        this.host = host;
    }

    /** Starts a daemon under {@code dir} or skips the calling test class with what to install. */
    public static DockerDaemon startOrSkip(Path dir) {
        assumeTrue(onPath("dockerd"), "dockerd is not installed: install docker.io (apt-get install -y docker.io)");
        assumeTrue(
                onPath("docker"), "the docker CLI is not installed: install docker.io (apt-get install -y docker.io)");
        assumeTrue(
                Files.isExecutable(BUSYBOX) || Files.isExecutable(Path.of("/usr/bin/busybox")),
                "busybox is not installed: apt-get install -y busybox-static");
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "dockerd needs root: run the Docker tests as root (install docker.io (apt-get install -y docker.io))");
        Path script = repositoryRoot().resolve("dev").resolve("dockerd.sh");
        CommandResult started = new LocalCommandRunner()
                .runOrFail(
                        CommandSpec.of("dockerd", List.of(script.toString(), "start", dir.toString()), TIMEOUT),
                        ErrorCode.INTERNAL,
                        "see " + dir.resolve("dockerd.log"));
        DockerDaemon daemon = new DockerDaemon(dir, script, started.lastLine().strip());
        daemon.buildBase();
        return daemon;
    }

    /** {@code unix:///…/docker.sock}. */
    public String host() {
        return host;
    }

    /** Stops the daemon and removes the bridge and iptables chains it made. */
    public void stop() {
        runner.run(CommandSpec.of("dockerd", List.of(script.toString(), "stop", dir.toString()), TIMEOUT));
    }

    /** Builds {@code REPO:tag}: healthy serves 200 on /health, broken answers 404 there. */
    public void buildApp(String tag, boolean healthy) {
        buildApp(REPO, tag, healthy, true);
    }

    /**
     * @param stopsOnTerm false for a service that ignores SIGTERM (busybox httpd as PID 1), so that only
     *     the kill after the grace period stops it
     */
    public void buildApp(String repo, String tag, boolean healthy, boolean stopsOnTerm) {
        Path ctx = dir.resolve("build-" + repo.replace('/', '_') + "-" + tag);
        try {
            Files.createDirectories(ctx.resolve("www"));
            Files.writeString(ctx.resolve("www/index.html"), tag + "\n");
            if (healthy) {
                Files.writeString(ctx.resolve("www/health"), "ok " + tag + "\n");
            }
            String serve = "/bin/busybox httpd -f -p 8000 -h /www";
            String cmd = stopsOnTerm
                    ? "[\"/bin/sh\",\"-c\",\"echo app " + tag + " starting; trap 'exit 0' TERM; " + serve + " & wait\"]"
                    : "[\"/bin/busybox\",\"httpd\",\"-f\",\"-p\",\"8000\",\"-h\",\"/www\"]";
            Files.writeString(ctx.resolve("Dockerfile"), "FROM " + BASE + "\nCOPY www /www\nCMD " + cmd + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        docker("build", "-q", "-t", repo + ":" + tag, ctx.toString());
    }

    /** Runs the docker CLI against this daemon; fails the test when it fails. */
    public CommandResult docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker", "-H", host));
        argv.addAll(List.of(args));
        return runner.runOrFail(CommandSpec.of("docker", argv, TIMEOUT), ErrorCode.INTERNAL, "test setup");
    }

    /** Removes every container, every image but the base one, and the networks tests made. */
    public void clean() {
        String containers = docker("ps", "-aq").output().strip();
        if (!containers.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("rm", "-f"));
            argv.addAll(List.of(containers.split("\\s+")));
            docker(argv.toArray(String[]::new));
        }
        String images = docker("images", "--format", "{{.Repository}}:{{.Tag}}")
                .output()
                .strip();
        for (String image : images.split("\\s+")) {
            if (!image.isBlank() && !image.equals(BASE) && !image.contains("<none>")) {
                docker("rmi", "-f", image);
            }
        }
        docker("network", "prune", "-f");
        docker("image", "prune", "-f");
    }

    /** Environment for processes that talk to this daemon (docker CLI, docker-compose). */
    public Map<String, String> env() {
        return Map.of("DOCKER_HOST", host);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void buildBase() {
        Path rootfs = dir.resolve("rootfs");
        try {
            Files.createDirectories(rootfs.resolve("bin"));
            Path busybox = Files.isExecutable(BUSYBOX) ? BUSYBOX : Path.of("/usr/bin/busybox");
            Files.copy(busybox, rootfs.resolve("bin/busybox"));
            for (String applet : List.of("sh", "httpd", "sleep", "cat", "echo", "ls", "wget", "test", "true")) {
                Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path tar = dir.resolve("rootfs.tar");
        runner.runOrFail(
                CommandSpec.of("tar", List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."), TIMEOUT),
                ErrorCode.INTERNAL,
                "test setup");
        docker("import", tar.toString(), BASE);
    }

    private static boolean onPath(String program) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program));
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("dev/dockerd.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "dev/dockerd.sh not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
