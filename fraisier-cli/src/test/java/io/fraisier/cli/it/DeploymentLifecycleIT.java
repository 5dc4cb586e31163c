package io.fraisier.cli.it;

import static io.fraisier.cli.it.Deployable.ENVIRONMENT;
import static io.fraisier.cli.it.Deployable.FRAISE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A service's life through the real CLI (a JVM per command), a real git repository, the {@code local}
 * provider running real restart commands and health checks over HTTP, on each store.
 */
class DeploymentLifecycleIT {
    @TempDir
    Path dir;

    static List<Stores> stores() {
        return Stores.available();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void deploy_skip_force_dryRun_autoRollback_andRollbackCommand(Stores store) throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            Deployable svc = s.service;
            String v1 = svc.commit("v1", true);

            // deploy: success row, checkout at HEAD, the service answers with v1
            JsonNode first = s.json(0, "deploy", FRAISE, ENVIRONMENT);
            assertThat(first.get("outcome").asText()).isEqualTo("succeeded");
            assertThat(first.at("/deployment/status").asText()).isEqualTo("success");
            assertThat(first.at("/deployment/new_version").asText()).isEqualTo(v1);
            assertThat(svc.checkout()).isEqualTo(v1);
            assertThat(svc.served()).contains("v1");
            assertThat(svc.restarts()).extracting(Deployable.Restart::sha).containsExactly(v1);

            // the same version again: skipped, nothing restarted
            CliProcess.Result skip = s.run(0, "deploy", FRAISE, ENVIRONMENT);
            assertThat(skip.out()).contains("already up to date");
            assertThat(svc.restarts()).hasSize(1);

            // --force redeploys it
            JsonNode forced = s.json(0, "deploy", FRAISE, ENVIRONMENT, "--force");
            assertThat(forced.at("/deployment/status").asText()).isEqualTo("success");
            assertThat(svc.restarts()).extracting(Deployable.Restart::sha).containsExactly(v1, v1);

            // --dry-run on a new commit: prints the plan, writes no row, takes no lock, leaves the checkout
            String v2 = svc.commit("v2", true);
            CliProcess.Result plan = s.run(0, "deploy", FRAISE, ENVIRONMENT, "--dry-run");
            assertThat(plan.out())
                    .contains("current version: " + v1.substring(0, 7))
                    .contains("target version:  " + v2.substring(0, 7))
                    .contains("provider:        local")
                    .contains("steps:");
            assertThat(s.json(0, "lock", "list").get("locks")).isEmpty();
            assertThat(svc.checkout()).isEqualTo(v1);
            assertThat(svc.restarts()).hasSize(2);

            s.run(0, "deploy", FRAISE, ENVIRONMENT);
            assertThat(svc.checkout()).isEqualTo(v2);
            assertThat(svc.served()).contains("v2");

            // a version whose /health answers 404: rolled back on its own to v2, exit 6
            String v3 = svc.commit("v3", false);
            JsonNode broken = s.json(6, "deploy", FRAISE, ENVIRONMENT);
            assertThat(broken.get("outcome").asText()).isEqualTo("rolled_back");
            assertThat(broken.at("/deployment/status").asText()).isEqualTo("rolled_back");
            assertThat(broken.at("/deployment/new_version").asText()).isEqualTo(v3);
            assertThat(svc.checkout()).isEqualTo(v2);
            assertThat(svc.served()).contains("v2");
            assertThat(svc.restarts()).extracting(Deployable.Restart::sha).endsWith(v3, v2);

            // rollback: by default to the previous successful version, v1
            JsonNode back = s.json(0, "rollback", FRAISE, ENVIRONMENT);
            assertThat(back.at("/deployment/status").asText()).isEqualTo("success");
            assertThat(back.at("/deployment/new_version").asText()).isEqualTo(v1);
            assertThat(back.at("/deployment/old_version").asText()).isEqualTo(v2);
            assertThat(svc.checkout()).isEqualTo(v1);
            assertThat(svc.served()).contains("v1");

            // rollback --to a named version
            s.run(0, "rollback", FRAISE, ENVIRONMENT, "--to", v2);
            assertThat(svc.checkout()).isEqualTo(v2);
            assertThat(svc.served()).contains("v2");

            // a malformed version is a usage error; nothing ran
            int restarts = svc.restarts().size();
            s.run(2, "rollback", FRAISE, ENVIRONMENT, "--to", "not a version!");
            assertThat(svc.restarts()).hasSize(restarts);
            assertThat(Files.exists(svc.state.resolve("installing"))).isFalse();

            // the record of all that, as the operator commands show it (the dry run left no row)
            List<JsonNode> rows = s.history();
            assertThat(rows)
                    .extracting(r -> r.get("status").asText())
                    .containsExactly("success", "success", "rolled_back", "success", "success", "skipped", "success")
                    .doesNotContain("pending", "in_progress");
            assertThat(rows)
                    .allSatisfy(r -> assertThat(r.get("completed_at").isNull()).isFalse());
            JsonNode successes = s.json(0, "history", "--fraise", FRAISE, "--status", "success", "--limit", "2");
            assertThat(successes.get("deployments")).hasSize(2);
            assertThat(successes.get("deployments"))
                    .allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("success"));
            assertThat(successes.at("/deployments/0/id").asLong())
                    .isGreaterThan(successes.at("/deployments/1/id").asLong());

            JsonNode status = s.json(0, "status", FRAISE, ENVIRONMENT);
            assertThat(status.get("running_version").asText()).isEqualTo(v2);
            assertThat(status.at("/state/current_version").asText()).isEqualTo(v2);
            assertThat(status.at("/state/last_status").asText()).isEqualTo("success");
            assertThat(status.at("/health/healthy").asBoolean()).isTrue();
            assertThat(status.get("lock").isNull()).isTrue();

            JsonNode all = s.json(0, "status-all");
            assertThat(all.get("targets")).hasSize(1);
            assertThat(all.at("/targets/0/state/current_version").asText()).isEqualTo(v2);

            JsonNode stats = s.json(0, "stats", "--days", "1");
            assertThat(stats.get("days").asInt()).isEqualTo(1);
            JsonNode overall = stats.get("stats").get(0);
            assertThat(overall.get("successes").asInt()).isEqualTo(5);
            assertThat(overall.get("rollbacks").asInt()).isGreaterThanOrEqualTo(1);
        }
    }
}
