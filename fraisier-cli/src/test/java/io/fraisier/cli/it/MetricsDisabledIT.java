package io.fraisier.cli.it;

import static io.fraisier.cli.it.Deployable.ENVIRONMENT;
import static io.fraisier.cli.it.Deployable.FRAISE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fraisier.cli.FraisierCommand;
import io.fraisier.cli.command.MetricsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The guide's {@code FRAISIER_METRICS_ENABLED=false fraisier deploy …}: the real CLI (a JVM per command),
 * the {@code local} provider and the embedded SQLite store. The deployment is recorded in history as
 * always, and the metric counter tables do not move; without the variable the next one is counted, its
 * health-check attempts and lock wait included, and {@code fraisier metrics} (another process than the
 * one that deployed) serves them.
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
            assertThat(counterRows()).isEqualTo("deployments=0 durations=0 buckets=0 health=0 lock_waits=0");

            s.service.commit("v2", true);
            s.run(0, "deploy", FRAISE, ENVIRONMENT);

            assertThat(s.history()).hasSize(2);
            assertThat(counterRows())
                    .startsWith("deployments=1 durations=1 buckets=")
                    .contains(" lock_waits=1");
            assertThat(counterRows()).doesNotContain(" health=0 ");

            Map<String, String> on = new HashMap<>(Stores.SQLITE.environment(dir));
            on.put("FRAISIER_CONFIG", s.service.config.toString());
            on.put("FRAISIER_LOG_DIR", dir.resolve("log").toString());
            assertThat(scrapeOfFraisierMetrics(on))
                    .contains("fraisier_lock_wait_seconds_count{provider=\"local\"} 1")
                    .containsPattern("fraisier_health_check_attempts_total\\{provider=\"local\",result=\"healthy\"}"
                            + " [1-9][0-9]*\\.0\n");
        }
    }

    /** One scrape of {@code fraisier metrics}, run in this JVM: it deployed nothing itself. */
    private String scrapeOfFraisierMetrics(Map<String, String> env) throws Exception {
        CommandLine cli = FraisierCommand.commandLine(env, dir);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        MetricsCommand metrics = cli.getSubcommands().get("metrics").getCommand();
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(() -> cli.execute("metrics", "--port", "0", "--address", "127.0.0.1"));
        try {
            for (int i = 0; i < 400 && !exit.isDone() && !metrics.awaitListening(50); i++) {
                // the exporter opens the store and binds its port
            }
            assertThat(metrics.url()).as(err.toString()).isNotNull();
            HttpResponse<String> scrape = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(metrics.url()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
            return scrape.body();
        } finally {
            if (metrics.running() != null) {
                metrics.running().close();
            }
            assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
        }
    }

    private String counterRows() throws SQLException {
        Path db = dir.resolve("home").resolve("fraisier.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            return "deployments=" + sum(st, "SELECT coalesce(sum(count), 0) FROM tb_metric_deployment")
                    + " durations=" + sum(st, "SELECT coalesce(sum(count), 0) FROM tb_metric_duration")
                    + " buckets=" + sum(st, "SELECT coalesce(sum(count), 0) FROM tb_metric_duration_bucket")
                    + " health=" + sum(st, "SELECT coalesce(sum(count), 0) FROM tb_metric_health_attempt")
                    + " lock_waits=" + sum(st, "SELECT coalesce(sum(count), 0) FROM tb_metric_lock_wait");
        }
    }

    private static long sum(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
