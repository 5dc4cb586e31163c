package io.fraisier.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installation tree the build made ({@code target/fraisier-<version>/}), its daemon started through
 * {@code bin/fraisier-webhook} until {@code GET /health} answers 200: the daemon's own JDK AOT cache
 * ({@code lib/fraisier-webhook.aot}) is used under the JDK that made it, and skipped without a word under
 * any other, when the JVM itself rejects it, or with {@code FRAISIER_AOT=off}. Functional, not timed:
 * "used" means the daemon's classes come from the cache ({@code -Xlog:class+load} says {@code source:
 * shared objects file}).
 */
class WebhookAotCacheIT {
    /** A class the daemon loads before it listens, and the training run too. */
    private static final String PROBE = "io.fraisier.webhook.WebhookServer ";

    private static Path installation;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findTheInstallation() {
        installation = Distribution.target().resolve("fraisier-" + Distribution.version());
        assumeTrue(
                Files.isRegularFile(installation.resolve("bin/fraisier-webhook")),
                "no " + installation + ": run ./mvnw -pl fraisier-dist -am verify");
        assumeTrue(
                Files.isRegularFile(installation.resolve("lib/fraisier-webhook.aot")),
                "no lib/fraisier-webhook.aot: the build's JDK is older than 25 (the AOT cache needs"
                        + " -XX:AOTCacheOutput), or -Dfraisier.aot.skip=true");
    }

    @Test
    void theCache_isUsedUnderTheJdkThatMadeIt() throws Exception {
        Run run = run(installation, Map.of());

        assertThat(run.classSource()).contains("source: shared objects file");
        assertThat(run.output).doesNotContain("[aot]", "[cds]", "AOT cache", "CDS archive");
    }

    @Test
    void theLauncher_runsTheJvmWithTheOptionsTheCacheWasMadeWith() throws Exception {
        // a cache used with other options than its training run's is partly or wholly turned off by the JVM
        Path aotLog = tmp.resolve("aot.log");

        run(installation, Map.of(), "-Xlog:aot=info:file=" + aotLog);

        assertThat(Files.readString(aotLog, StandardCharsets.UTF_8))
                .contains("full module graph: enabled", "Using AOT-linked classes: true")
                .doesNotContain("Mismatched", "disabled");
    }

    @Test
    void theCache_isSkippedSilently_underAnotherJdk() throws Exception {
        Path copy = copyOfTheInstallation();
        Files.writeString(copy.resolve("lib/fraisier-webhook.aot.jdk"), "JAVA_VERSION=\"25.0.99\"\n");

        Run run = run(copy, Map.of());

        assertThat(run.classSource()).contains("source: file:").doesNotContain("shared objects file");
        assertThat(run.output).doesNotContain("[aot]", "[cds]", "AOT cache", "CDS archive");
    }

    @Test
    void aCacheTheJvmRejects_isSkippedWithoutItsWarnings() throws Exception {
        Path copy = copyOfTheInstallation();
        // same JDK by its release file, but not a cache the JVM can map
        Files.write(copy.resolve("lib/fraisier-webhook.aot"), new byte[4096]);

        Run run = run(copy, Map.of());

        assertThat(run.classSource()).contains("source: file:");
        assertThat(run.output).doesNotContain("[aot]", "[cds]", "AOT cache", "CDS archive");
    }

    @Test
    void fraisierAotOff_neverUsesIt() throws Exception {
        Run run = run(installation, Map.of("FRAISIER_AOT", "off"));

        assertThat(run.classSource()).contains("source: file:");
    }

    @Test
    void sqliteNativeLibrary_comesFromTheInstallation_notFromACopyInTmp() throws Exception {
        String arch = System.getProperty("os.arch");
        assumeTrue(
                List.of("amd64", "x86_64", "aarch64").contains(arch)
                        && !Files.exists(Path.of("/lib/ld-musl-" + ("amd64".equals(arch) ? "x86_64" : arch) + ".so.1")),
                "the installation holds sqlite-jdbc's library for glibc Linux on x86_64 and aarch64 only");

        // a temporary folder that does not exist: the driver could not copy its library out of its jar
        Run run = run(installation, Map.of(), "-Djava.io.tmpdir=" + tmp.resolve("none"));

        // run() saw /health 200: the store opened
        assertThat(run.output).doesNotContain("native library");
    }

    private Path copyOfTheInstallation() throws IOException {
        Path copy = tmp.resolve("fraisier");
        for (String sub : List.of("bin", "lib")) {
            Files.createDirectories(copy.resolve(sub));
            try (Stream<Path> files = Files.list(installation.resolve(sub))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(
                            f,
                            copy.resolve(sub).resolve(f.getFileName().toString()),
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    /**
     * Starts {@code home}'s daemon on a fresh SQLite store, waits for {@code /health} 200 (failing with its
     * output when it does not come), stops it with SIGTERM and returns what it printed and the classes it
     * loaded. {@code extra}: more environment; {@code javaOptions}: more JVM options.
     */
    private Run run(Path home, Map<String, String> extra) throws Exception {
        return run(home, extra, "");
    }

    private Run run(Path home, Map<String, String> extra, String javaOptions) throws Exception {
        int port = Distribution.freePort();
        long n = System.nanoTime();
        Path config = tmp.resolve("fraises-" + n + ".yaml");
        Files.writeString(config, """
                database:
                  type: sqlite
                  path: %s
                webhook:
                  address: 127.0.0.1
                  port: %d
                fraises:
                  hello:
                    type: api
                    environments:
                      production:
                        provider: local
                        app_path: %s
                """.formatted(tmp.resolve("fraisier-" + n + ".db"), port, tmp.resolve("app")));
        Path classLog = tmp.resolve("classes-" + n + ".log");
        Path log = tmp.resolve("daemon-" + n + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        home.resolve("bin/fraisier-webhook").toString(), "-c", config.toString())
                .directory(tmp.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("FRAISIER_"));
        env.put("JAVA_HOME", Distribution.javaHome());
        env.putAll(extra);
        env.put("FRAISIER_JAVA_OPTS", ("-Xlog:class+load=info:file=" + classLog + " " + javaOptions).strip());
        Process daemon = builder.start();
        try {
            int status = Distribution.healthStatus(port, daemon::isAlive);
            assertThat(status)
                    .as("GET /health; the daemon's output:\n%s", Files.readString(log))
                    .isEqualTo(200);
        } finally {
            Distribution.stop(daemon);
        }
        return new Run(
                Files.readString(log, StandardCharsets.UTF_8),
                Files.isRegularFile(classLog) ? Files.readString(classLog, StandardCharsets.UTF_8) : "");
    }

    private record Run(String output, String classes) {
        /** The class-load line of {@link #PROBE}: where it came from. */
        String classSource() {
            return classes.lines().filter(l -> l.contains(PROBE)).findFirst().orElse("(not loaded)");
        }
    }
}
