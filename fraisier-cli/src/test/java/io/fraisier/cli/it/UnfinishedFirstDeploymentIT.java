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
 * A first deployment that never got its service running (its restart failed, or its process was killed)
 * leaves the commit checked out; the next plain {@code deploy} must run it again, not call it "already up
 * to date". Real CLI processes, a real git repository, the {@code local} provider.
 */
class UnfinishedFirstDeploymentIT {
    @TempDir
    Path dir;

    static List<Stores> stores() {
        return Stores.onePerDialect();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void firstDeploymentWhoseRestartFailed_isDeployedAgainByAPlainDeploy(Stores store) throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            Deployable svc = s.service;
            String v1 = svc.commit("v1", true);
            svc.failRestarts(true);

            JsonNode failed = s.json(6, "deploy", FRAISE, ENVIRONMENT);
            assertThat(failed.at("/deployment/status").asText()).isEqualTo("failed");
            assertThat(svc.checkout()).isEqualTo(v1);
            assertThat(svc.restarts()).isEmpty();
            assertThat(svc.served()).isEmpty();

            svc.failRestarts(false);
            JsonNode plan = s.json(0, "deploy", FRAISE, ENVIRONMENT, "--dry-run");
            assertThat(plan.get("would_skip").asBoolean())
                    .as(plan.toPrettyString())
                    .isFalse();

            JsonNode again = s.json(0, "deploy", FRAISE, ENVIRONMENT);

            assertThat(again.get("outcome").asText()).as(again.toPrettyString()).isEqualTo("succeeded");
            assertThat(again.at("/deployment/status").asText()).isEqualTo("success");
            assertThat(svc.restarts()).extracting(Deployable.Restart::sha).containsExactly(v1);
            assertThat(svc.served()).contains("v1");
            JsonNode status = s.json(0, "status", FRAISE, ENVIRONMENT);
            assertThat(status.at("/state/current_version").asText()).isEqualTo(v1);
            assertThat(status.at("/state/last_status").asText()).isEqualTo("success");

            // now it runs healthy: the same version is up to date
            assertThat(s.run(0, "deploy", FRAISE, ENVIRONMENT).out()).contains("already up to date");
            assertThat(svc.restarts()).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void firstDeploymentKilledBeforeItsRestart_isDeployedAgainByAPlainDeploy(Stores store) throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            Deployable svc = s.service;
            String v1 = svc.commit("v1", true);
            svc.slowInstall(true);
            CliProcess.Running running = s.cli.start("deploy", FRAISE, ENVIRONMENT);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!svc.installing()) {
                assertThat(running.process().isAlive())
                        .as("the deploy ended before its install")
                        .isTrue();
                assertThat(System.nanoTime()).as("the install never started").isLessThan(deadline);
                Thread.sleep(50);
            }
            List<ProcessHandle> children = running.process().descendants().toList();
            running.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
            running.process().waitFor();
            children.forEach(ProcessHandle::destroyForcibly);
            svc.slowInstall(false);
            assertThat(svc.checkout()).isEqualTo(v1);
            // the lease, renewed at most a lease ago, runs out; the next command marks the row interrupted
            Thread.sleep(Duration.ofSeconds(Long.parseLong(Scenario.LEASE_SECONDS) + 1)
                    .toMillis());

            JsonNode again = s.json(0, "deploy", FRAISE, ENVIRONMENT);

            assertThat(again.get("outcome").asText()).as(again.toPrettyString()).isEqualTo("succeeded");
            assertThat(svc.restarts()).extracting(Deployable.Restart::sha).containsExactly(v1);
            assertThat(svc.served()).contains("v1");
            assertThat(s.history()).extracting(r -> r.get("status").asText()).containsExactly("success", "interrupted");
        }
    }
}
