package io.fraisier.cli.it;

import static io.fraisier.cli.it.Deployable.ENVIRONMENT;
import static io.fraisier.cli.it.Deployable.FRAISE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Freezes between real CLI processes on SQLite and PostgreSQL: refused, overridden, lifted. */
class FreezeIT {
    @TempDir
    Path dir;

    static List<Stores> stores() {
        return Stores.onePerDialect();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void frozenTarget_refusesDeployWithExit4AndNoRow_overrideIsRecorded_unfreezeLetsDeploysThrough(Stores store)
            throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            Deployable svc = s.service;
            svc.commit("v1", true);
            s.run(0, "deploy", FRAISE, ENVIRONMENT);
            svc.commit("v2", true);

            CliProcess.Result set = s.run(0, "freeze", FRAISE, ENVIRONMENT, "--for", "2h", "--reason", "incident 42");
            assertThat(set.out()).contains("Froze demo/production until");

            CliProcess.Result refused = s.run(4, "deploy", FRAISE, ENVIRONMENT);
            assertThat(refused.err()).contains("frozen", "manual freeze", "incident 42", "until ", "@");
            JsonNode error = s.json(4, "deploy", FRAISE, ENVIRONMENT).get("error");
            assertThat(error.get("code").asText()).isEqualTo("frozen");
            s.run(4, "rollback", FRAISE, ENVIRONMENT, "--to", "v0");
            // nothing changed: one row (the first deployment), lock free, v1 still served
            assertThat(s.history()).hasSize(1);
            assertThat(s.json(0, "lock", "list").get("locks")).isEmpty();
            assertThat(svc.served()).contains("v1");

            JsonNode all = s.json(0, "status-all").get("targets").get(0);
            assertThat(all.get("freezes").get(0).get("reason").asText()).isEqualTo("incident 42");
            assertThat(s.run(0, "status-all").out()).contains("FROZEN", "until ");
            assertThat(s.json(0, "status", FRAISE, ENVIRONMENT, "--log-lines", "0")
                            .get("freezes")
                            .get(0)
                            .get("kind")
                            .asText())
                    .isEqualTo("manual");

            s.run(2, "deploy", FRAISE, ENVIRONMENT, "--override-freeze");
            s.run(0, "deploy", FRAISE, ENVIRONMENT, "--override-freeze", "--reason", "hotfix for 42");
            assertThat(svc.served()).contains("v2");
            assertThat(events(s, "freeze"))
                    .singleElement()
                    .asString()
                    .contains("freeze overridden by", "hotfix for 42", "incident 42");

            svc.commit("v3", true);
            s.run(0, "unfreeze", FRAISE, ENVIRONMENT);
            s.run(0, "deploy", FRAISE, ENVIRONMENT);
            assertThat(svc.served()).contains("v3");
            assertThat(s.json(0, "status-all").get("targets").get(0).get("freezes"))
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void pause_withoutEnd_holdsUntilUnfrozen_andAllFreezesEveryTarget(Stores store) throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            s.service.commit("v1", true);
            JsonNode set = s.json(0, "freeze", "--all", "--reason", "release");
            assertThat(set.get("freezes").get(0).get("until").isNull()).isTrue();
            assertThat(s.run(4, "deploy", FRAISE, ENVIRONMENT).err()).contains("no end");
            assertThat(s.history()).isEmpty();
            s.run(0, "unfreeze", "--all");
            s.run(0, "deploy", FRAISE, ENVIRONMENT);
            assertThat(s.history()).hasSize(1);
        }
    }

    private static List<String> events(Scenario s, String step) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(s.jdbcUrl());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT message FROM tb_deployment_event WHERE step = '" + step + "' ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
