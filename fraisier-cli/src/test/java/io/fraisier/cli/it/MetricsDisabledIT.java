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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's {@code FRAISIER_METRICS_ENABLED=false fraisier deploy …}: the real CLI (a JVM per command),
 * the {@code local} provider and the embedded SQLite store. The deployment is recorded in history as
 * always, and the metric counter tables do not move; without the variable the next one is counted.
 */
class MetricsDisabledIT {
    @TempDir
    Path dir;

    @Test
    void deploy_withMetricsDisabled_isRecordedInHistory_butNotCounted() throws Exception {
        try (Scenario s = new Scenario(Stores.SQLITE, dir)) {
            Map<String, String> off = new HashMap<>(Stores.SQLITE.environment(dir));
            off.put("FRAISIER_CONFIG", s.service.config.toString());
            off.put("FRAISIER_METRICS_ENABLED", "false");
            CliProcess withoutMetrics = new CliProcess(dir, off);
            String v1 = s.service.commit("v1", true);

            CliProcess.Result deploy = withoutMetrics.run("deploy", FRAISE, ENVIRONMENT);

            assertThat(deploy.exit()).as(deploy.toString()).isZero();
            JsonNode recorded = s.history().getFirst();
            assertThat(recorded.get("status").asText()).isEqualTo("success");
            assertThat(recorded.get("new_version").asText()).isEqualTo(v1);
            assertThat(counterRows()).isEqualTo("deployments=0 durations=0 buckets=0");

            s.service.commit("v2", true);
            s.run(0, "deploy", FRAISE, ENVIRONMENT);

            assertThat(s.history()).hasSize(2);
            assertThat(counterRows()).startsWith("deployments=1 durations=1 buckets=");
        }
    }

    private String counterRows() throws SQLException {
        Path db = dir.resolve("home").resolve("fraisier.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            return "deployments=" + sum(st, "SELECT coalesce(sum(count), 0) FROM tb_metric_deployment")
                    + " durations=" + sum(st, "SELECT coalesce(sum(count), 0) FROM tb_metric_duration")
                    + " buckets=" + sum(st, "SELECT coalesce(sum(count), 0) FROM tb_metric_duration_bucket");
        }
    }

    private static long sum(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
