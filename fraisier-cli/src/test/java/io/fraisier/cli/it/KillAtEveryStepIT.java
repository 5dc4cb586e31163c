package io.fraisier.cli.it;

import static io.fraisier.cli.it.Deployable.ENVIRONMENT;
import static io.fraisier.cli.it.Deployable.FRAISE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault injection: {@code kill -9} of the real CLI process at every step of a deployment (resolve,
 * checkout, install, restart, health, rollback), with the {@code local} provider, real git and each store.
 * The step is held (a {@code git} shim first on the CLI's PATH for resolve and checkout, the install,
 * restart and health commands of {@link Deployable} for the others) until the test sees it was reached,
 * then the CLI's JVM is killed with SIGKILL and its children with it, as a crash or the OOM killer of the
 * whole unit would. Checked against the database itself, not through the CLI:
 *
 * <ul>
 *   <li>no lock is held past its lease: the killed holder's lock expires at most a lease after the kill;
 *   <li>after recovery (the next CLI command that opens the store) no row is {@code pending} or
 *       {@code in_progress}, and the killed row is {@code interrupted} and names the versions it had
 *       resolved;
 *   <li>the next plain {@code deploy} does the right thing: it deploys the branch head and runs its restart
 *       (it must not skip as "already up to date" because the killed run had checked the new commit out).
 * </ul>
 */
class KillAtEveryStepIT {
    private static final Duration LEASE = Duration.ofSeconds(Long.parseLong(Scenario.LEASE_SECONDS));

    @TempDir
    Path dir;

    /** Where a deployment is killed. */
    enum Step {
        RESOLVE,
        CHECKOUT,
        INSTALL,
        RESTART,
        HEALTH,
        ROLLBACK;

        /** Whether the killed run had resolved its versions and recorded them on its row. */
        boolean resolved() {
            return this != RESOLVE;
        }
    }

    static Stream<Arguments> killPoints() {
        return Stores.onePerDialect().stream()
                .flatMap(store -> Stream.of(Step.values()).map(step -> Arguments.of(store, step)));
    }

    @ParameterizedTest(name = "{0}: kill -9 during {1}")
    @MethodSource("killPoints")
    void killedAtStep_leavesNoLockPastItsLease_noOpenRow_andTheNextDeployDeploysTheHead(Stores store, Step step)
            throws Exception {
        Path shims = gitShim(dir.resolve("bin"), dir.resolve("state"));
        String path = shims + File.pathSeparator + System.getenv("PATH");
        // the CLI's temporary folder and its commands' (mktemp) are this test's own, to see what a kill leaves
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Map<String, String> env =
                Map.of("PATH", path, "TMPDIR", tmp.toString(), "FRAISIER_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        try (Scenario s = new Scenario(store, dir, env)) {
            Deployable svc = s.service;
            String v1 = svc.commit("v1", true);
            s.run(0, "deploy", FRAISE, ENVIRONMENT);
            // the version the killed run deploys; unhealthy when it is the rollback that is killed
            String v2 = svc.commit("v2", step != Step.ROLLBACK);
            hold(svc, step, v1);

            CliProcess.Running running = s.cli.start("deploy", FRAISE, ENVIRONMENT);
            awaitOrFail(running, step, () -> reached(svc, step));
            Instant killedAt = Instant.now();
            kill9(running);
            release(svc, step);
            assertThat(leftovers(tmp))
                    .as("what the killed deploy left in its temporary folder (raw output may hold secrets)")
                    .isEmpty();

            // the dead holder's lease was renewed a lease ago at most: it ends by then, not later
            try (Connection db = DriverManager.getConnection(s.jdbcUrl())) {
                List<Row> atKill = rows(db);
                assertThat(atKill).hasSize(2);
                Row killed = atKill.getLast();
                assertThat(killed.status()).isIn("in_progress", "pending");
                for (Lock lock : locks(db, store)) {
                    assertThat(lock.deploymentId()).isEqualTo(killed.id());
                    assertThat(lock.expiresAt())
                            .as("the dead holder's lock outlives its lease")
                            .isBefore(killedAt.plus(LEASE).plusSeconds(1));
                }
            }
            Thread.sleep(Duration.between(Instant.now(), killedAt.plus(LEASE).plusMillis(500))
                    .toMillis());

            int restartsBefore = svc.restarts().size();
            // recovery happens as the next command opens the store; this one also deploys
            JsonNode next = s.json(step == Step.ROLLBACK ? 6 : 0, "deploy", FRAISE, ENVIRONMENT);

            try (Connection db = DriverManager.getConnection(s.jdbcUrl())) {
                List<Row> all = rows(db);
                assertThat(all)
                        .as("rows after recovery")
                        .extracting(Row::status)
                        .doesNotContain("in_progress", "pending");
                Row killed = all.get(1);
                assertThat(killed.status()).as(killed.toString()).isEqualTo("interrupted");
                if (step.resolved()) {
                    assertThat(killed.oldVersion()).as(killed.toString()).isEqualTo(v1);
                    assertThat(killed.newVersion()).as(killed.toString()).isEqualTo(v2);
                }
                assertThat(locks(db, store)).as("locks after the next deploy").isEmpty();
            }

            // the next deploy deployed the head and ran its restart: never "already up to date" (issue #12
            // item 4: the killed run had checked v2 out, but v2 was never recorded running healthy)
            assertThat(next.at("/deployment/status").asText())
                    .as("the next deploy after a kill during %s: %s", step, next.toPrettyString())
                    .isNotEqualTo("skipped");
            assertThat(next.at("/deployment/new_version").asText())
                    .as(next.toPrettyString())
                    .isEqualTo(v2);
            List<Deployable.Restart> restarts = svc.restarts();
            assertThat(restarts.subList(restartsBefore, restarts.size()))
                    .as("restarts of the next deploy")
                    .extracting(Deployable.Restart::sha)
                    .startsWith(v2);
            if (step == Step.ROLLBACK) {
                // v2 is unhealthy: deployed, found broken, rolled back to v1 again
                assertThat(next.at("/deployment/status").asText()).isEqualTo("rolled_back");
                assertThat(svc.checkout()).isEqualTo(v1);
                assertThat(svc.served()).contains("v1");
            } else {
                assertThat(next.at("/deployment/status").asText())
                        .as(next.toPrettyString())
                        .isEqualTo("success");
                assertThat(svc.checkout()).isEqualTo(v2);
                assertThat(svc.served()).contains("v2");
            }
            assertThat(leftovers(tmp))
                    .as("temporary files after the next deploy")
                    .isEmpty();
        }
    }

    /** Command output files and scratch repositories in {@code tmp} (the registry of running commands stays). */
    private static List<String> leftovers(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith("fraisier-cmd-") || name.startsWith("fraisier-resolve-"))
                    .toList();
        }
    }

    /** Arms the hold of {@code step}; the rollback is held at the restart of the version it goes back to. */
    private static void hold(Deployable svc, Step step, String rollbackTo) throws IOException {
        switch (step) {
            case RESOLVE -> Files.writeString(svc.state.resolve("block-resolve"), "");
            case CHECKOUT -> Files.writeString(svc.state.resolve("block-checkout"), "");
            case INSTALL -> svc.slowInstall(true);
            case RESTART -> svc.block("restart", null);
            case HEALTH -> svc.block("health", null);
            case ROLLBACK -> svc.block("restart", rollbackTo);
        }
    }

    private static boolean reached(Deployable svc, Step step) {
        return switch (step) {
            case RESOLVE -> Files.exists(svc.state.resolve("at-resolve"));
            case CHECKOUT -> Files.exists(svc.state.resolve("at-checkout"));
            case INSTALL -> svc.installing();
            case RESTART, ROLLBACK -> svc.reached("restart");
            case HEALTH -> svc.reached("health");
        };
    }

    private static void release(Deployable svc, Step step) throws IOException {
        Files.deleteIfExists(svc.state.resolve("block-resolve"));
        Files.deleteIfExists(svc.state.resolve("block-checkout"));
        svc.slowInstall(false);
        svc.unblock("restart");
        svc.unblock("health");
        for (String marker : List.of("at-resolve", "at-checkout", "at-restart", "at-health")) {
            Files.deleteIfExists(svc.state.resolve(marker));
        }
    }

    /** SIGKILL to the CLI's JVM, then to the children it had (a crash of the whole unit). */
    private static void kill9(CliProcess.Running running) throws InterruptedException {
        List<ProcessHandle> children = running.process().descendants().toList();
        running.process().destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        running.process().waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void awaitOrFail(CliProcess.Running running, Step step, BooleanSupplier reached)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!reached.getAsBoolean()) {
            if (!running.process().isAlive()) {
                throw new AssertionError("the deploy ended before reaching " + step + ": " + running.await());
            }
            assertThat(System.nanoTime())
                    .as("the deploy never reached %s", step)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /**
     * A {@code git} first on the CLI's PATH: {@code ls-remote} (resolve) and {@code checkout} wait while
     * {@code state/block-resolve} / {@code block-checkout} exist, after touching {@code state/at-…}; then
     * (and for every other command) it runs the real git.
     */
    private static Path gitShim(Path bin, Path state) throws IOException {
        String real = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(p -> Path.of(p, "git"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("git is not on the PATH: install git"))
                .toString();
        Files.createDirectories(bin);
        Files.createDirectories(state);
        Path shim = bin.resolve("git");
        Files.writeString(shim, """
                #!/bin/sh
                step=
                for a in "$@"; do
                  case "$a" in
                    ls-remote) step=resolve ;;
                    checkout) step=checkout ;;
                  esac
                done
                if [ -n "$step" ] && [ -f "%1$s/block-$step" ]; then
                  touch "%1$s/at-$step"
                  while [ -f "%1$s/block-$step" ]; do sleep 0.05; done
                fi
                exec "%2$s" "$@"
                """.formatted(state, real));
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    record Row(long id, String status, String oldVersion, String newVersion, String error) {}

    record Lock(long deploymentId, Instant expiresAt) {}

    private static List<Row> rows(Connection db) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, status, old_version, new_version, error_message"
                        + " FROM tb_deployment ORDER BY id")) {
            while (rs.next()) {
                out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        return out;
    }

    private static List<Lock> locks(Connection db, Stores store) throws SQLException {
        List<Lock> out = new ArrayList<>();
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT deployment_id, expires_at FROM tb_deployment_lock")) {
            while (rs.next()) {
                Instant expires = store == Stores.SQLITE
                        ? Instant.ofEpochMilli(rs.getLong(2))
                        : rs.getTimestamp(2).toInstant();
                out.add(new Lock(rs.getLong(1), expires));
            }
        }
        return out;
    }
}
