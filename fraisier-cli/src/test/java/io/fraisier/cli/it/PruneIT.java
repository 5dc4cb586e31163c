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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fraisier prune} as a real process on 100 000 old deployments (inserted with SQL): they and their
 * events go, in batches; the metric counters, a running and a pending deployment, and recent history stay.
 */
class PruneIT {
    private static final int ROWS = 100_000;

    @TempDir
    Path dir;

    static List<Stores> stores() {
        return Stores.available();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void prune_of100kOldRows_removesThemAndTheirEvents_keepsCountersRunningRowsAndRecentHistory(Stores store)
            throws Exception {
        try (Scenario s = new Scenario(store, dir)) {
            s.service.commit("v1", true);
            s.run(0, "deploy", FRAISE, ENVIRONMENT);
            boolean pg = s.jdbcUrl().startsWith("jdbc:postgresql");
            try (Connection c = DriverManager.getConnection(s.jdbcUrl());
                    Statement st = c.createStatement()) {
                insertOldRows(st, pg);
            }
            List<String> countersBefore = counters(s);
            assertThat(countersBefore).isNotEmpty();

            JsonNode dry =
                    s.json(0, "prune", "--older-than", "90d", "--dry-run").get("pruned");
            assertThat(dry.get("deployments").asLong()).isEqualTo(ROWS);
            assertThat(dry.get("events").asLong()).isEqualTo(ROWS);
            assertThat(dry.get("webhook_events").asLong()).isEqualTo(1000);
            assertThat(count(s, "tb_deployment")).isEqualTo(ROWS + 3);

            long started = System.nanoTime();
            CliProcess.Result done = s.run(0, "prune", "--older-than", "90d");
            assertThat(done.out())
                    .contains("Removed " + ROWS + " deployments, " + ROWS + " events, 1000 webhook events");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));

            assertThat(count(s, "tb_deployment")).isEqualTo(3);
            assertThat(statuses(s)).containsExactlyInAnyOrder("success", "in_progress", "pending");
            assertThat(count(s, "tb_webhook_event")).isZero();
            assertThat(counters(s)).isEqualTo(countersBefore);
            assertThat(s.json(0, "prune", "--older-than", "90d")
                            .get("pruned")
                            .get("deployments")
                            .asLong())
                    .isZero();
            // the guide's hand-written archive SQL still runs on what is left
            try (Connection c = DriverManager.getConnection(s.jdbcUrl());
                    Statement st = c.createStatement()) {
                st.executeUpdate(
                        pg
                                ? "DELETE FROM tb_deployment WHERE completed_at < NOW() - INTERVAL '90 days'"
                                        + " AND status != 'in_progress'"
                                : "DELETE FROM tb_deployment WHERE completed_at < "
                                        + Instant.now()
                                                .minus(Duration.ofDays(90))
                                                .toEpochMilli()
                                        + " AND status != 'in_progress'");
            }
            assertThat(count(s, "tb_deployment")).isEqualTo(3);
        }
    }

    private static void insertOldRows(Statement st, boolean pg) throws SQLException {
        Instant old = Instant.now().minus(Duration.ofDays(200));
        String at = pg ? "NOW() - INTERVAL '200 days'" : Long.toString(old.toEpochMilli());
        String cols = "(fraise, environment, provider, status, \"trigger\", created_at, started_at, completed_at,"
                + " duration_seconds, git_branch)";
        String values =
                "'bulk', 'production', 'local', 'success', 'cli', " + at + ", " + at + ", " + at + ", 1.0," + " 'bulk'";
        st.executeUpdate(
                pg
                        ? "INSERT INTO tb_deployment " + cols + " SELECT " + values + " FROM generate_series(1, " + ROWS
                                + ")"
                        : "INSERT INTO tb_deployment " + cols
                                + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1" + " FROM n WHERE i < "
                                + ROWS + ") SELECT " + values + " FROM n");
        st.executeUpdate(
                "INSERT INTO tb_deployment_event (deployment_id, at, step, level, message)"
                        + " SELECT id, completed_at, 'deploy', 'info', 'old step' FROM tb_deployment WHERE git_branch = 'bulk'");
        // an old deployment still running (its live lock keeps crash recovery away) and an old queued one
        st.executeUpdate("INSERT INTO tb_deployment (fraise, environment, provider, status, \"trigger\", created_at,"
                + " started_at) VALUES ('bulk', 'staging', 'local', 'in_progress', 'cli', " + at + ", " + at + ")");
        st.executeUpdate("INSERT INTO tb_deployment (fraise, environment, provider, status, \"trigger\", created_at)"
                + " VALUES ('bulk', 'qa', 'local', 'pending', 'webhook', " + at + ")");
        String farFuture = pg
                ? "NOW() + INTERVAL '1 day'"
                : Long.toString(Instant.now().plus(Duration.ofDays(1)).toEpochMilli());
        st.executeUpdate("INSERT INTO tb_deployment_lock (fraise, environment, holder, deployment_id, acquired_at,"
                + " expires_at, fencing_token) SELECT 'bulk', 'staging', 'elsewhere:1', id, " + at + ", " + farFuture
                + ", 1 FROM tb_deployment WHERE status = 'in_progress'");
        String hookValues = "'github', 'push', 'main', '{}', " + (pg ? "true" : "1") + ", 'deployed', " + at;
        st.executeUpdate(
                pg
                        ? "INSERT INTO tb_webhook_event (git_host, event_type, ref, payload, processed, outcome, received_at)"
                                + " SELECT " + hookValues + " FROM generate_series(1, 1000)"
                        : "INSERT INTO tb_webhook_event (git_host, event_type, ref, payload, processed, outcome, received_at)"
                                + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT "
                                + hookValues + " FROM n");
    }

    private static List<String> counters(Scenario s) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (String table :
                List.of("tb_metric_deployment", "tb_metric_error", "tb_metric_duration", "tb_metric_duration_bucket")) {
            try (Connection c = DriverManager.getConnection(s.jdbcUrl());
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2, 3")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder b = new StringBuilder(table);
                    for (int i = 1; i <= n; i++) {
                        b.append('|').append(rs.getString(i));
                    }
                    rows.add(b.toString());
                }
            }
        }
        return rows;
    }

    private static long count(Scenario s, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(s.jdbcUrl());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> statuses(Scenario s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(s.jdbcUrl());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT status FROM tb_deployment")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
