package io.fraisier.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the build made (target/fraisier-VERSION.tar.gz, target/fraisier_DEBVERSION_all.deb) and what
 * docs/INSTALL.md says to do with it: its fenced blocks marked {@code <!-- test: NAME -->}, with the
 * documented example versions (0.1.0, the next one 0.2.0) replaced by this build's.
 */
final class Distribution {
    /** The version the tests give to a second build ("the next version"), made by repacking this one. */
    static final String NEXT_VERSION = "0.2.0-upgradetest";

    static final String NEXT_DEB_VERSION = "0.2.0~upgradetest";

    private static final Pattern BLOCK =
            Pattern.compile("<!-- test: ([a-z-]+) -->\\s*```bash\\n(.*?)```", Pattern.DOTALL);

    private Distribution() {}

    static String version() {
        return property("fraisier.version");
    }

    static String debVersion() {
        return property("fraisier.debVersion");
    }

    static Path target() {
        return Path.of(property("fraisier.target")).toAbsolutePath();
    }

    static Path tarball() {
        return target().resolve("fraisier-" + version() + ".tar.gz");
    }

    static Path deb() {
        return target().resolve("fraisier_" + debVersion() + "_all.deb");
    }

    static Path repository() {
        return Path.of(property("fraisier.repository")).toAbsolutePath();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertThat(value)
                .as("system property %s (set by fraisier-dist's failsafe configuration)", name)
                .isNotBlank();
        return value;
    }

    /** docs/INSTALL.md's tested blocks, by name, in the order they appear. */
    static Map<String, String> installBlocks() throws IOException {
        return blocks(repository().resolve("docs/INSTALL.md"));
    }

    static Map<String, String> blocks(Path markdown) throws IOException {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(Files.readString(markdown, StandardCharsets.UTF_8));
        while (m.find()) {
            blocks.put(m.group(1), m.group(2));
        }
        return blocks;
    }

    /** A tested block with the documented example versions replaced by this build's and the next's. */
    static String block(String name) throws IOException {
        return block("docs/INSTALL.md", name);
    }

    /** As {@link #block(String)}, from another Markdown file of the repository. */
    static String block(String markdown, String name) throws IOException {
        String text = blocks(repository().resolve(markdown)).get(name);
        assertThat(text)
                .as("%s has a block marked <!-- test: %s -->", markdown, name)
                .isNotNull();
        return text.replace("fraisier-0.1.0", "fraisier-" + version())
                .replace("fraisier-0.2.0", "fraisier-" + NEXT_VERSION)
                .replace("fraisier_0.1.0_all", "fraisier_" + debVersion() + "_all")
                .replace("fraisier_0.2.0_all", "fraisier_" + NEXT_DEB_VERSION + "_all");
    }

    /** Every /opt/fraisier/current/… path the docs and the units name (what must exist after an install). */
    static List<String> documentedInstallationPaths() throws IOException {
        Pattern path = Pattern.compile("/opt/fraisier/current/[A-Za-z0-9_./-]*[A-Za-z0-9_-]");
        List<Path> sources = new ArrayList<>(List.of(
                repository().resolve("docs/INSTALL.md"),
                repository().resolve("docs/OPERATOR_GUIDE.md"),
                repository().resolve("fraisier-webhook/README.md")));
        try (var units = Files.list(repository().resolve("fraisier-dist/src/systemd"))) {
            units.forEach(sources::add);
        }
        List<String> found = new ArrayList<>();
        for (Path source : sources) {
            Matcher m = path.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!found.contains(m.group())) {
                    found.add(m.group());
                }
            }
        }
        return found;
    }

    /** The Java running the tests (21 or newer), for the launchers. */
    static String javaHome() {
        return System.getProperty("java.home");
    }

    /** A free TCP port on this machine, for a daemon under test. */
    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Asks {@code GET http://127.0.0.1:PORT/health} until it answers 200, {@code alive} turns false or 60 s
     * pass, and returns the last status (0: it never answered).
     */
    static int healthStatus(int port, java.util.function.BooleanSupplier alive) throws InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(2))
                .build();
        java.net.http.HttpRequest health = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(java.time.Duration.ofSeconds(5))
                .build();
        int status = 0;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (status != 200 && alive.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                status = http.send(health, java.net.http.HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        return status;
    }

    /** Stops a daemon started by a test: SIGTERM, then SIGKILL after 30 s. */
    static void stop(Process daemon) throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            daemon.destroyForcibly().waitFor();
        }
    }
}
