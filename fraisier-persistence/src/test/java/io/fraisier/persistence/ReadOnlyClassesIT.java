package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14: opening a current SQLite store and reading what {@code history}, {@code stats} and {@code
 * status-all} read loads no jOOQ, HikariCP or Flyway class (each costs start-up time, and the JDK's AOT
 * cache preloads every class a command touched). Checked on the class names a child JVM logs ({@code
 * -Xlog:class+load}), not on timings; the same program on a store with an orphaned deployment does load
 * jOOQ (its recovery is a jOOQ transaction), which shows the log sees such classes.
 */
class ReadOnlyClassesIT {
    private static final List<String> HEAVY = List.of("org.jooq.", "com.zaxxer.hikari.", "org.flywaydb.");

    @TempDir
    Path dir;

    @Test
    void readingACurrentStoreLoadsNoJooqHikariOrFlyway() throws Exception {
        String url = TestDatabases.sqliteUrl(dir);
        try (FraisierStore store = TestStores.open(url)) {
            Instant now = Instant.now();
            Deployment d = store.deployments()
                    .create(
                            new NewDeployment(
                                    Target.of("demo", "prod"),
                                    "local",
                                    Trigger.CLI,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    false),
                            now);
            store.deployments()
                    .transition(DeploymentUpdate.move(
                            d.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, now));
            store.deployments()
                    .transition(DeploymentUpdate.move(
                            d.id(), DeploymentStatus.IN_PROGRESS, DeploymentStatus.SUCCESS, 0, now.plusSeconds(3)));
        }
        Run run = runChild(url);
        assertThat(run.output)
                .contains("recovered 0", "history 1", "filtered 1", "states 1", "locks 0", "freezes 0", "due 0");
        assertThat(run.loaded).as("classes loaded").anyMatch(c -> c.startsWith("org.sqlite."));
        assertThat(run.loaded)
                .as("classes loaded")
                .noneMatch(c -> HEAVY.stream().anyMatch(c::startsWith));
    }

    @Test
    void anOrphanToRecoverDoesLoadJooq() throws Exception {
        String url = TestDatabases.sqliteUrl(dir);
        try (FraisierStore store = TestStores.open(url)) {
            Instant then = Instant.now().minus(Duration.ofHours(1));
            Deployment d = store.deployments()
                    .create(
                            new NewDeployment(
                                    Target.of("demo", "prod"),
                                    "local",
                                    Trigger.CLI,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    false),
                            then);
            store.deployments()
                    .transition(DeploymentUpdate.move(
                            d.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, then));
        }
        Run run = runChild(url);
        assertThat(run.output).contains("recovered 1");
        assertThat(run.loaded)
                .anyMatch(c -> c.startsWith("org.jooq."))
                .anyMatch(c -> c.startsWith("com.zaxxer.hikari."));
        assertThat(run.loaded).noneMatch(c -> c.startsWith("org.flywaydb."));
    }

    private record Run(String output, List<String> loaded) {}

    private Run runChild(String url) throws IOException, InterruptedException {
        Path log = dir.resolve("classes.log");
        Path out = dir.resolve("out.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", // every class from a jar, logged as it loads (no CDS archive to hide any)
                "-Xlog:class+load=info:file=" + log,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                ReadOnlyOpen.class.getName(),
                url));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        List<String> loaded = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            // [0.012s][info][class,load] org.jooq.impl.DSL source: file:/…
            int tag = line.indexOf("[class,load] ");
            if (tag >= 0) {
                String rest = line.substring(tag + "[class,load] ".length());
                int space = rest.indexOf(' ');
                loaded.add(space < 0 ? rest : rest.substring(0, space));
            }
        }
        assertThat(loaded).as("the class log").hasSizeGreaterThan(500);
        return new Run(output, loaded);
    }
}
