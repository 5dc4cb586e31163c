package io.fraisier.cli.it;

import static io.fraisier.cli.it.Deployable.ENVIRONMENT;
import static io.fraisier.cli.it.Deployable.FRAISE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fraisier cancel} between real CLI processes: a deployment running in one process is stopped from
 * another (its restart command killed, the target rolled back, the row cancelled, the lock freed); a
 * deployment queued behind the lock is cancelled at once; finished and unknown ids are refused.
 */
class CancelIT {
    @TempDir
    Path dir;

    static List<Stores> stores() {
        return Stores.onePerDialect();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRunningDeploy_cancelledFromAnotherProcess_isStoppedRolledBackAndCancelled(Stores store) throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            Deployable svc = s.service;
            String v1 = svc.commit("v1", true);
            s.run(0, "deploy", FRAISE, ENVIRONMENT);
            String v2 = svc.commit("v2", true);
            // v2's restart hangs (a slow deploy); v1's, for the rollback, does not
            svc.block("restart", v2);
            CliProcess.Running deploy = s.cli.start("deploy", FRAISE, ENVIRONMENT);
            waitFor(svc::reached, deploy, "restart");
            long id = s.json(0, "lock", "list").at("/locks/0/deployment_id").asLong();

            // seen within about a second, then the restart killed, v1 reinstalled and health-checked
            cancelAndWait(s, id, "wrong build", v1, Duration.ofSeconds(20));
            CliProcess.Result deployed = deploy.await();
            assertThat(deployed.exit()).as(deployed.toString()).isEqualTo(130);
            assertThat(deployed.out()).contains("was cancelled by", "wrong build");

            JsonNode row = s.history().getFirst();
            assertThat(row.get("id").asLong()).isEqualTo(id);
            assertThat(row.get("status").asText()).isEqualTo("cancelled");
            assertThat(row.get("error_type").asText()).isEqualTo("cancelled");
            assertThat(row.get("error_message").asText()).contains("@", "wrong build", "rolled back to " + v1);
            assertThat(s.json(0, "lock", "list").get("locks")).isEmpty();
            assertThat(svc.checkout()).isEqualTo(v1);
            assertThat(svc.served()).contains("v1");
            JsonNode status = s.json(0, "status", FRAISE, ENVIRONMENT);
            assertThat(status.toString()).contains("cancel requested by", "wrong build");
            // the running process saw the request and stopped the step within 2 s (events are shown to the
            // second, hence 3)
            java.time.Instant requested = eventAt(status, "cancel requested by");
            java.time.Instant stopped = eventAt(status, "the step was stopped");
            assertThat(Duration.between(requested, stopped))
                    .as(status.toPrettyString())
                    .isLessThanOrEqualTo(Duration.ofSeconds(3));

            // a finished deployment cannot be cancelled: exit 2, naming its status
            CliProcess.Result again = s.run(2, "cancel", Long.toString(id));
            assertThat(again.err()).contains("already finished: cancelled");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aDeployWaitingOutALongHealthBackoff_isCancelledWithinSeconds_andRolledBack(Stores store) throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            Deployable svc = s.service;
            // the first retry waits 30 s: a cancel must not wait for it. The check is the checkout's health
            // file only, so that v1, back after the rollback, is healthy at its first probe (the rollback's
            // own check, which a cancel does not cut short, would otherwise wait 30 s for the server)
            Files.writeString(
                    svc.config,
                    Files.readString(svc.config)
                            .replace("health_check_interval: 0.2", "health_check_interval: 30")
                            .replaceAll("(?m)^\\s*health_check_url:.*\\n", "")
                            .replaceAll(
                                    "health_check_command: .*",
                                    "health_check_command: \"test -f " + svc.app.resolve("health") + "\""));
            String v1 = svc.commit("v1", true);
            s.run(0, "deploy", FRAISE, ENVIRONMENT);
            svc.commit("v2", false); // v2 has no health file: its check fails, then backs off
            CliProcess.Running deploy = s.cli.start("deploy", FRAISE, ENVIRONMENT);
            awaitEvent(s, deploy, "retry 1 in 30000 ms");
            long id = s.history().getFirst().get("id").asLong();

            // well under the 30 s backoff even on a loaded machine; the events below pin the 2 s
            cancelAndWait(s, id, "bad build", v1, Duration.ofSeconds(25));
            CliProcess.Result deployed = deploy.await();
            assertThat(deployed.exit()).as(deployed.toString()).isEqualTo(130);
            JsonNode status = s.json(0, "status", FRAISE, ENVIRONMENT);
            java.time.Instant requested = eventAt(status, "cancel requested by");
            java.time.Instant seen = eventAt(status, "during its health check");
            assertThat(Duration.between(requested, seen))
                    .as(status.toPrettyString())
                    .isLessThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(s.history().getFirst().get("status").asText()).isEqualTo("cancelled");
            assertThat(s.json(0, "lock", "list").get("locks")).isEmpty();
            assertThat(svc.checkout()).isEqualTo(v1);
        }
    }

    /** Waits until the latest deployment of the demo target has an event containing {@code text}. */
    /** {@code cancel ID --reason R --wait}: exits 130 within {@code bound}, having rolled back to {@code v1}. */
    private static void cancelAndWait(Scenario s, long id, String reason, String v1, Duration bound) {
        long asked = System.nanoTime();
        CliProcess.Result cancel = s.cli.run("cancel", Long.toString(id), "--reason", reason, "--wait");
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        assertThat(cancel.exit()).as(cancel.toString()).isEqualTo(130);
        assertThat(cancel.out()).contains("ended cancelled", reason, "rolled back to " + v1);
        assertThat(took).as(cancel.toString()).isLessThan(bound);
    }

    private static void awaitEvent(Scenario s, CliProcess.Running process, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!s.json(0, "status", FRAISE, ENVIRONMENT)
                .get("latest_events")
                .toString()
                .contains(text)) {
            assertThat(process.process().isAlive())
                    .as("the deploy ended before '%s': %s", text, process.description())
                    .isTrue();
            assertThat(System.nanoTime()).as("never saw '" + text + "'").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aDeployQueuedBehindTheLock_isCancelledAtOnce_andTheRunningOneFinishes(Stores store) throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            Deployable svc = s.service;
            String v1 = svc.commit("v1", true);
            svc.block("restart", v1);
            CliProcess.Running first = s.cli.start("deploy", FRAISE, ENVIRONMENT);
            waitFor(svc::reached, first, "restart");
            CliProcess.Running queued = s.cli.start("deploy", FRAISE, ENVIRONMENT, "--force");
            long queuedId = awaitPendingRow(s, queued);

            JsonNode cancel = s.json(0, "cancel", Long.toString(queuedId), "--reason", "not twice");
            assertThat(cancel.at("/deployment/status").asText()).isEqualTo("cancelled");
            // either side may end the row: the cancel command (the row still pending) or the waiting process
            // itself, which polls for the request while it waits for the lock (seen on a loaded machine)
            assertThat(cancel.at("/deployment/error_message").asText())
                    .contains("not twice")
                    .containsAnyOf("before it started", "while it waited for the lock");
            // the waiting process gives up at once, long before its lock_timeout
            CliProcess.Result q = queued.await();
            assertThat(q.exit()).as(q.toString()).isEqualTo(130);

            svc.unblock("restart");
            CliProcess.Result f = first.await();
            assertThat(f.exit()).as(f.toString()).isZero();
            assertThat(s.history()).extracting(r -> r.get("status").asText()).containsExactly("cancelled", "success");
            assertThat(svc.restarts()).hasSize(1);

            // a finished row and an unknown id: exit 2
            long done = s.history().get(1).get("id").asLong();
            assertThat(s.run(2, "cancel", Long.toString(done)).err()).contains("already finished: success");
            JsonNode unknown = s.json(2, "cancel", "999999");
            assertThat(unknown.at("/error/code").asText()).isEqualTo("not_found");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void cancelWait_ofADeploymentWhoseProcessWasKilled_endsAtOnce_withoutWaitingOutItsLease(Stores store)
            throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            Deployable svc = s.service;
            svc.commit("v1", true);
            s.run(0, "deploy", FRAISE, ENVIRONMENT);
            String v2 = svc.commit("v2", true);
            svc.block("restart", v2);
            // a lease far longer than the test: only the dead pid can free the lock in time
            CliProcess.Running deploy =
                    s.cliWith("FRAISIER_LEASE_SECONDS", "600").start("deploy", FRAISE, ENVIRONMENT);
            waitFor(svc::reached, deploy, "restart");
            long id = s.json(0, "lock", "list").at("/locks/0/deployment_id").asLong();
            List<ProcessHandle> children = deploy.process().descendants().toList();
            deploy.process().destroyForcibly(); // SIGKILL: nothing of that process acts on the request
            deploy.process().waitFor();
            children.forEach(ProcessHandle::destroyForcibly);

            long asked = System.nanoTime();
            JsonNode cancel = s.json(130, "cancel", Long.toString(id), "--wait");
            Duration took = Duration.ofNanos(System.nanoTime() - asked);

            assertThat(cancel.at("/deployment/status").asText()).isEqualTo("interrupted");
            assertThat(cancel.get("exit_code").asInt()).isEqualTo(130);
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            assertThat(s.json(0, "lock", "list").get("locks")).isEmpty();
        }
    }

    /** When the first of the latest deployment's events whose message contains {@code text} was recorded. */
    private static java.time.Instant eventAt(JsonNode status, String text) {
        for (JsonNode e : status.get("latest_events")) {
            if (e.get("message").asText().contains(text)) {
                return java.time.Instant.parse(e.get("at").asText());
            }
        }
        throw new AssertionError("no event with '" + text + "' in " + status.toPrettyString());
    }

    /** The id of the deployment {@code process} wrote and that now waits, pending, for the lock. */
    private static long awaitPendingRow(Scenario s, CliProcess.Running process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            for (JsonNode r : s.history()) {
                if (r.get("status").asText().equals("pending")) {
                    return r.get("id").asLong();
                }
            }
            assertThat(process.process().isAlive())
                    .as("the queued deploy ended early")
                    .isTrue();
            assertThat(System.nanoTime()).as("no pending row appeared").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void waitFor(java.util.function.Predicate<String> reached, CliProcess.Running process, String step)
            throws InterruptedException {
        BooleanSupplier there = () -> reached.test(step);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!there.getAsBoolean()) {
            assertThat(process.process().isAlive())
                    .as("the deploy ended before its %s: %s", step, process.description())
                    .isTrue();
            assertThat(System.nanoTime()).as("never reached " + step).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
