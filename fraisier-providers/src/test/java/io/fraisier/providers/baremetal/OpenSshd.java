package io.fraisier.providers.baremetal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.testkit.git.GitOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real OpenSSH server for the integration tests, started and stopped with the scripts in
 * {@code src/test/resources/openssh} (which CI and developers can run by hand too). Needs root and
 * {@code /usr/sbin/sshd}; {@link #unavailable()} says what is missing.
 */
public final class OpenSshd implements AutoCloseable {
    public static final String USER = "fraisier-test";

    private final Path root;
    private final Path state;
    private final int port;

    private OpenSshd(Path root, int port) {
        this.root = root;
        this.state = root.resolve("sshd");
        this.port = port;
    }

    /** Why the tests cannot run here, or empty when they can. */
    public static Optional<String> unavailable() {
        if (!Files.isExecutable(Path.of("/usr/sbin/sshd"))) {
            return Optional.of("install openssh-server (apt-get install -y openssh-server) to run the OpenSSH tests");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("install openssh-server (apt-get install -y openssh-server) and run as root: the"
                    + " OpenSSH tests create the user " + USER + " and start sshd");
        }
        return Optional.empty();
    }

    public static OpenSshd start() throws IOException {
        Path root = Files.createTempDirectory("fraisier-openssh-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        OpenSshd sshd = new OpenSshd(root, port);
        sshd.startAgain();
        return sshd;
    }

    /** (Re)starts sshd with the same keys and port. */
    void startAgain() {
        String printed = run(List.of("sh", script("start-sshd.sh"), state.toString(), Integer.toString(port)));
        assertThat(printed.strip()).endsWith(Integer.toString(port));
    }

    /** Stops sshd and kills its per-connection processes: every open connection drops. */
    void stop() {
        run(List.of("sh", script("stop-sshd.sh"), state.toString()));
    }

    public int port() {
        return port;
    }

    Path root() {
        return root;
    }

    public Path clientKey() {
        return state.resolve("client_key");
    }

    public Path knownHosts() {
        return state.resolve("known_hosts");
    }

    /** Where the stand-in systemctl goes: first on the test user's PATH. */
    public Path bin() {
        return state.resolve("bin");
    }

    /** A new folder for one test, readable by the test user. */
    public Path newFolder(String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** Gives {@code dir} to the test user, so that deployments may write there. */
    public static Path ownedByTestUser(Path dir) throws IOException {
        Files.createDirectories(dir);
        run(List.of("chown", "-R", USER + ":", dir.toString()));
        return dir;
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The script as a file: copied out of the class path, since the fixtures are also used from
     * fraisier-providers' test-jar (by fraisier-docker-it), where a resource is no file of its own.
     */
    private static String script(String name) {
        try (InputStream in = OpenSshd.class.getResourceAsStream("/openssh/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource /openssh/" + name + " is missing");
            }
            Path copy = Files.createTempFile("fraisier-" + name.replace(".sh", "-"), ".sh");
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(List<String> argv) {
        return GitOrigin.run(new ArrayList<>(argv));
    }
}
