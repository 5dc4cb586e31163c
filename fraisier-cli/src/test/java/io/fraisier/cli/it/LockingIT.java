package io.fraisier.cli.it;

import static io.fraisier.cli.it.Deployable.ENVIRONMENT;
import static io.fraisier.cli.it.Deployable.FRAISE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The target lock between real CLI processes: two deployments never run at once, and a deployment whose
 * process is killed leaves an {@code interrupted} row and a lock that frees when its lease runs out.
 */
class LockingIT {
    @TempDir
    Path dir;

    static List<Stores> stores() {
        return Stores.available();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void twoConcurrentDeploys_ofOneTarget_neverOverlap(Stores store) throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            Deployable svc = s.service;
            String v1 = svc.commit("v1", true);
            // each restart takes a second: without the lock the two would overlap
            svc.restartDelaySeconds(1);

            CliProcess.Running plain = s.cli.start("deploy", FRAISE, ENVIRONMENT);
            CliProcess.Running forced = s.cli.start("deploy", FRAISE, ENVIRONMENT, "--force");
            CliProcess.Result a = plain.await();
            CliProcess.Result b = forced.await();
            assertThat(a.exit()).as(a.toString()).isZero();
            assertThat(b.exit()).as(b.toString()).isZero();

            List<JsonNode> rows = s.history();
            assertThat(rows).hasSize(2);
            // whichever came second either skipped (the first had deployed v1) or was forced through
            assertThat(rows)
                    .extracting(r -> r.get("status").asText())
                    .allMatch(st -> st.equals("success") || st.equals("skipped"));
            long deployed = rows.stream()
                    .filter(r -> r.get("status").asText().equals("success"))
                    .count();
            assertThat(deployed).isGreaterThanOrEqualTo(1);

            List<Deployable.Restart> restarts = svc.restarts();
            assertThat(restarts).hasSize((int) deployed).allMatch(r -> r.sha().equals(v1));
            for (int i = 1; i < restarts.size(); i++) {
                assertThat(restarts.get(i).startMillis())
                        .as("restart %d began before restart %d ended: %s", i + 1, i, restarts)
                        .isGreaterThanOrEqualTo(restarts.get(i - 1).endMillis());
            }
            assertThat(s.json(0, "lock", "list").get("locks")).isEmpty();
            assertThat(svc.served()).contains("v1");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void killedDeployment_isInterruptedOnceItsLeaseExpires_andTheTargetCanBeDeployedAgain(Stores store)
            throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            Deployable svc = s.service;
            String v1 = svc.commit("v1", true);
            s.run(0, "deploy", FRAISE, ENVIRONMENT);
            String v2 = svc.commit("v2", true);

            svc.slowInstall(true);
            CliProcess.Running running = s.cli.start("deploy", FRAISE, ENVIRONMENT);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!svc.installing()) {
                assertThat(running.process().isAlive())
                        .as("the deploy ended before its install: %s", running.process())
                        .isTrue();
                assertThat(System.nanoTime()).as("the install never started").isLessThan(deadline);
                Thread.sleep(50);
            }

            JsonNode locks = s.json(0, "lock", "list").get("locks");
            assertThat(locks).hasSize(1);
            long held = locks.get(0).get("deployment_id").asLong();

            List<ProcessHandle> children = running.process().descendants().toList();
            running.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
            running.process().waitFor();
            children.forEach(ProcessHandle::destroyForcibly);
            svc.slowInstall(false);

            // renewed at most a lease ago; let it run out
            Thread.sleep(Duration.ofSeconds(Long.parseLong(Scenario.LEASE_SECONDS) + 1)
                    .toMillis());
            JsonNode status = s.json(0, "status", FRAISE, ENVIRONMENT);
            assertThat(status.get("lock").isNull()).as(status.toPrettyString()).isTrue();
            JsonNode interrupted = status.get("recent").get(0);
            assertThat(interrupted.get("id").asLong()).isEqualTo(held);
            assertThat(interrupted.get("status").asText()).isEqualTo("interrupted");
            assertThat(interrupted.get("error_message").asText()).contains("lease");
            // recorded when the killed run resolved them, before its install started
            assertThat(interrupted.get("old_version").asText())
                    .as(status.toPrettyString())
                    .isEqualTo(v1);
            assertThat(interrupted.get("new_version").asText())
                    .as(status.toPrettyString())
                    .isEqualTo(v2);
            assertThat(s.json(0, "lock", "list").get("locks")).isEmpty();
            assertThat(svc.checkout()).isIn(v1, v2);

            JsonNode resolved =
                    s.json(0, "resolve", Long.toString(held), "--as", "failed", "--reason", "checked by hand");
            assertThat(resolved.at("/deployment/status").asText()).isEqualTo("failed");
            assertThat(resolved.at("/deployment/resolution_reason").asText()).isEqualTo("checked by hand");
            s.run(2, "resolve", Long.toString(held), "--as", "success", "--reason", " ");

            // the killed run had checked v2 out before its install, so the provider reports v2 and a plain
            // deploy would skip; as the interrupted row's message says, the operator forces it through
            JsonNode again = s.json(0, "deploy", FRAISE, ENVIRONMENT, "--force");
            assertThat(again.at("/deployment/status").asText()).isEqualTo("success");
            assertThat(svc.checkout()).isEqualTo(v2);
            assertThat(svc.served()).contains("v2");
        }
    }
}
