package io.fraisier.cli.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Metrics exporter" issue end to end, with nothing in-process: forked {@code fraisier deploy} commands
 * deploy real git commits with the {@code local} provider into SQLite and PostgreSQL (embedded, and the
 * server of {@code FRAISIER_TEST_PG_URL} when set); a forked {@code fraisier metrics} per database serves
 * them; a real Prometheus scrapes every exporter, and its query API must show exactly what the deployment
 * history says, across an exporter restart and the operator guide's 90-day archive.
 */
class MetricsEndToEndIT {
    static final String EXTERNAL_PG = "FRAISIER_TEST_PG_URL";

    @TempDir
    Path work;

    private final List<AutoCloseable> cleanup = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable resource : cleanup.reversed()) {
            resource.close();
        }
    }

    @Test
    void prometheus_showsWhatWasDeployed_acrossExporterRestarts_andTheGuidesArchive() throws Exception {
        Path prometheusBinary = PrometheusServer.onPath("prometheus").orElse(null);
        Assumptions.assumeTrue(
                prometheusBinary != null,
                "prometheus is not on PATH: install prometheus (apt-get install -y --no-install-recommends"
                        + " prometheus)");

        Map<DeploymentSite, Archive> sites = new LinkedHashMap<>();
        Path sqliteHome = work.resolve("sqlite/home");
        sites.put(
                DeploymentSite.create("sqlite", work.resolve("sqlite"), Map.of("FRAISIER_HOME", sqliteHome.toString())),
                () -> archiveSqlite(sqliteHome.resolve("fraisier.db")));
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
        cleanup.add(embedded);
        addPostgres(
                sites, "postgresql", "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres?user=postgres");
        String external = System.getenv(EXTERNAL_PG);
        if (external != null && !external.isBlank()) {
            addPostgres(sites, "external_postgresql", external);
        }

        // the databases are independent: working on them side by side shortens the wait for forked JVMs
        Map<DeploymentSite, DeploymentCounters> expected =
                eachSite(sites.keySet(), site -> DeploymentCounters.expectedFrom(deployEverything(site)));
        expected.forEach((site, counters) -> {
            assertThat(counters.errors()).as(site.name()).containsExactly(entry("local,health_check_failed", 1L));
            assertThat(counters.rollbacks())
                    .as(site.name())
                    .containsExactly(entry("shop_api,production,local,rolled_back", 1L));
        });

        Map<DeploymentSite, ExporterProcess> exporters =
                eachSite(sites.keySet(), site -> startExporter(site, 0, "exporter-1"));
        Map<String, Integer> jobs = new LinkedHashMap<>();
        for (DeploymentSite site : sites.keySet()) {
            ExporterProcess exporter = exporters.get(site);
            jobs.put(site.name(), exporter.url().getPort());
            assertThat(promtoolLint(exporter))
                    .as("promtool check metrics on %s's live scrape", site.name())
                    .isEmpty();
        }
        PrometheusServer prometheus = PrometheusServer.start(prometheusBinary, work.resolve("prometheus"), jobs);
        cleanup.add(prometheus);

        prometheus.awaitFreshScrapes(Instant.now());
        assertPrometheusShows(prometheus, expected);

        Instant restarted = Instant.now();
        for (ExporterProcess exporter : exporters.values()) {
            exporter.stop();
        }
        exporters = eachSite(sites.keySet(), site -> startExporter(site, jobs.get(site.name()), "exporter-2"));
        prometheus.awaitFreshScrapes(restarted);
        assertPrometheusShows(prometheus, expected);

        Instant archived = Instant.now();
        for (Map.Entry<DeploymentSite, Archive> site : sites.entrySet()) {
            assertThat(site.getValue().run())
                    .as("rows the archive deleted on %s", site.getKey().name())
                    .isEqualTo(5L);
        }
        eachSite(sites.keySet(), site -> site.history())
                .forEach((site, rows) ->
                        assertThat(rows).as("%s after the archive", site.name()).isEmpty());
        prometheus.awaitFreshScrapes(archived);
        assertPrometheusShows(prometheus, expected);

        for (DeploymentSite site : sites.keySet()) {
            String job = "{job=\"" + site.name() + "\"}";
            JsonNode resets = prometheus.query("resets(fraisier_deployments_total" + job + "[10m]) > 0"
                    + " or resets(fraisier_deployment_duration_seconds_count" + job + "[10m]) > 0");
            assertThat(resets).as("counters that went down on %s", site.name()).isEmpty();
            exporters.get(site).stop();
        }
    }

    /**
     * v1 to production and staging, v2 to production, v2 again (skipped), a broken v3 (rolled back to v2):
     * five forked {@code fraisier deploy}, then the rows as {@code fraisier history --output json} gives them.
     */
    private static List<JsonNode> deployEverything(DeploymentSite site) {
        site.commit("v1", false);
        site.deploy("production", 0);
        site.deploy("staging", 0);
        site.commit("v2", false);
        site.deploy("production", 0);
        site.deploy("production", 0);
        site.commit("v3", true);
        assertThat(site.deploy("production", 6).out()).contains("rolled back");

        List<JsonNode> history = site.history();
        assertThat(history)
                .extracting(row -> row.path("environment").asText() + " "
                        + row.path("status").asText())
                .containsExactlyInAnyOrder(
                        "production success",
                        "staging success",
                        "production success",
                        "production skipped",
                        "production rolled_back");
        return history;
    }

    /** {@code work} applied to every site at once, in the sites' order; the first failure is rethrown. */
    private static <T> Map<DeploymentSite, T> eachSite(
            Collection<DeploymentSite> sites, Function<DeploymentSite, T> work) throws InterruptedException {
        // a thread per site: the common pool has a single thread on a 2-core machine
        try (ExecutorService threads =
                Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory())) {
            Map<DeploymentSite, Future<T>> running = new LinkedHashMap<>();
            for (DeploymentSite site : sites) {
                running.put(site, threads.submit(() -> work.apply(site)));
            }
            Map<DeploymentSite, T> results = new LinkedHashMap<>();
            for (Map.Entry<DeploymentSite, Future<T>> site : running.entrySet()) {
                try {
                    results.put(site.getKey(), site.getValue().get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(site.getKey().name() + ": " + e.getCause(), e.getCause());
                }
            }
            return results;
        }
    }

    private void addPostgres(Map<DeploymentSite, Archive> sites, String name, String adminUrl) throws Exception {
        String database = "fraisier_metrics_e2e_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(adminUrl);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        }
        cleanup.add(() -> {
            try (Connection c = DriverManager.getConnection(adminUrl);
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        });
        String url = adminUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
        DeploymentSite site = DeploymentSite.create(name, work.resolve(name), Map.of("FRAISIER_DATABASE_URL", url));
        sites.put(site, () -> archivePostgres(url));
    }

    private ExporterProcess startExporter(DeploymentSite site, int port, String name) {
        ExporterProcess exporter = ExporterProcess.start(site, port, name);
        cleanup.add(exporter);
        return exporter;
    }

    private void assertPrometheusShows(PrometheusServer prometheus, Map<DeploymentSite, DeploymentCounters> expected)
            throws IOException, InterruptedException {
        for (Map.Entry<DeploymentSite, DeploymentCounters> site : expected.entrySet()) {
            // every final status of both targets has a series, 0 until it happens (monitoring/README.md)
            assertThat(prometheus.query(
                            "fraisier_deployments_total{job=\"" + site.getKey().name() + "\"}"))
                    .as(
                            "series of fraisier_deployments_total on %s",
                            site.getKey().name())
                    .hasSize(2 * 8);
            assertThat(DeploymentCounters.scrapedBy(prometheus, site.getKey().name()))
                    .as("what Prometheus holds for %s", site.getKey().name())
                    .isEqualTo(site.getValue());
        }
    }

    /** The operator guide's archive, verbatim, after backdating every finished deployment by 100 days. */
    private static long archivePostgres(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE tb_deployment SET completed_at = completed_at - INTERVAL '100 days'");
            long before = deploymentRows(s);
            s.executeUpdate(guideArchiveQuery());
            return before - deploymentRows(s);
        }
    }

    /** The {@code psql fraisier -c "..."} of the guide's "Archive Old Deployments", read from the guide itself. */
    static String guideArchiveQuery() {
        try {
            String guide = Files.readString(Path.of("..", "docs", "OPERATOR_GUIDE.md"));
            Matcher archive = Pattern.compile(
                            "#### Archive Old Deployments\\s+```bash\\n[^\\n]*\\npsql fraisier -c \"([^\"]+)\"")
                    .matcher(guide);
            assertThat(archive.find()).as("the guide's archive command").isTrue();
            assertThat(archive.group(1)).contains("DELETE FROM tb_deployment", "INTERVAL '90 days'");
            return archive.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // counted, not taken from executeUpdate: sqlite-jdbc's count includes the events the cascade deleted
    private static long deploymentRows(Statement s) throws SQLException {
        try (ResultSet rows = s.executeQuery("SELECT count(*) FROM tb_deployment")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The same archive in SQLite's dialect (timestamps are epoch milliseconds there). */
    private static long archiveSqlite(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            s.executeUpdate("UPDATE tb_deployment SET completed_at = completed_at - 100 * 86400000");
            long before = deploymentRows(s);
            s.executeUpdate("""
                    DELETE FROM tb_deployment
                    WHERE completed_at < (CAST(strftime('%s', 'now') AS INTEGER) - 90 * 86400) * 1000
                    AND status != 'in_progress';
                    """);
            return before - deploymentRows(s);
        }
    }

    /** {@code curl -s <exporter>/metrics | promtool check metrics}: its complaints, empty when lint-clean. */
    private static String promtoolLint(ExporterProcess exporter) throws IOException, InterruptedException {
        Path promtool = PrometheusServer.onPath("promtool").orElseThrow();
        String scrape = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(exporter.url()).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(scrape).contains("fraisier_deployments_total{");
        Process lint = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        lint.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        lint.getOutputStream().close();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return lint.exitValue() == 0 ? output.strip() : "exit " + lint.exitValue() + ": " + output;
    }

    @FunctionalInterface
    private interface Archive {
        /** Archives every finished deployment; returns how many rows it deleted. */
        long run() throws SQLException;
    }
}
