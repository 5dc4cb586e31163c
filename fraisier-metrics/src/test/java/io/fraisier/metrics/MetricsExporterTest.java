package io.fraisier.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.model.MetricSnapshot.DeploymentCount;
import io.fraisier.core.model.MetricSnapshot.DurationHistogram;
import io.fraisier.core.model.MetricSnapshot.ErrorCount;
import io.fraisier.testkit.fake.ManualClock;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsExporterTest {
    private static final String TARGET = "environment=\"production\",fraise=\"my_api\",provider=\"bare_metal\"";

    private final CountingCounterStore counters = new CountingCounterStore();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final ScrapeClient client = new ScrapeClient();
    private final List<MetricsExporter> exporters = new ArrayList<>();

    @AfterEach
    void stopExporters() {
        exporters.forEach(MetricsExporter::close);
    }

    private MetricsExporter exporter() {
        MetricsExporter exporter = MetricsExporter.builder(new CountersOnlyStore(counters), MetricsConfig.defaults())
                .address("127.0.0.1")
                .port(0)
                .scheduler(new ManualProbeScheduler(clock))
                .clock(clock)
                .build();
        exporters.add(exporter);
        return exporter;
    }

    static MetricSnapshot sample() {
        return new MetricSnapshot(
                List.of(
                        new DeploymentCount("my_api", "production", "bare_metal", "success", 41),
                        new DeploymentCount("my_api", "production", "bare_metal", "rolled_back", 2),
                        new DeploymentCount("my_api", "production", "bare_metal", "rollback_failed", 1),
                        new DeploymentCount("worker", "staging", "docker_compose", "failed", 5)),
                List.of(
                        new ErrorCount("bare_metal", "health_check_failed", 3),
                        new ErrorCount("docker_compose", "provider_unreachable", 5)),
                List.of(new DurationHistogram(
                        "my_api",
                        "production",
                        "bare_metal",
                        List.of(0L, 2L, 10L, 30L, 40L, 42L, 43L, 43L, 43L, 44L, 44L),
                        44,
                        1234.5)),
                Map.of("bare_metal", 2L));
    }

    @Test
    void clientsThatSendHalfARequestAndStay_doNotStopTheScrapes() throws Exception {
        counters.set(sample());
        URI url = exporter().start();
        List<java.net.Socket> slow = new ArrayList<>();
        try {
            // as a slow or hostile client does: the request line and a header, never the blank line
            for (int i = 0; i < 20; i++) {
                java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort());
                socket.getOutputStream()
                        .write("GET /metrics HTTP/1.1\r\nHost: x\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }

            // before, the two handler threads were held by the first two of them and this timed out
            HttpResponse<String> response = client.get(url, null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("fraisier_deployments_total");
        } finally {
            for (java.net.Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void theJdksServer_dropsARequestNotSentWithinItsTime_andCapsItsConnections() {
        exporter().start();

        // an operator's own -Dsun.net.httpserver.maxReqTime or -Djdk.httpserver.maxConnections would win
        assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo(MetricsExporter.MAX_REQUEST_SECONDS);
        assertThat(System.getProperty("jdk.httpserver.maxConnections")).isEqualTo(MetricsExporter.MAX_CONNECTIONS);
    }

    @Test
    void scrape_exportsTheDatabaseCountersAsPrometheusText() {
        counters.set(sample());
        URI url = exporter().start();

        HttpResponse<String> response = client.get(url, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body().split("\n"))
                .contains(
                        "# TYPE fraisier_deployments_total counter",
                        "fraisier_deployments_total{" + TARGET + ",status=\"success\"} 41.0",
                        "fraisier_deployments_total{" + TARGET + ",status=\"rolled_back\"} 2.0",
                        "fraisier_deployments_total{" + TARGET + ",status=\"rollback_failed\"} 1.0",
                        "fraisier_deployments_total{environment=\"staging\",fraise=\"worker\","
                                + "provider=\"docker_compose\",status=\"failed\"} 5.0",
                        "# TYPE fraisier_deployment_errors_total counter",
                        "fraisier_deployment_errors_total{error_type=\"health_check_failed\",provider=\"bare_metal\"}"
                                + " 3.0",
                        "fraisier_deployment_errors_total{error_type=\"provider_unreachable\","
                                + "provider=\"docker_compose\"} 5.0",
                        "# TYPE fraisier_rollbacks_total counter",
                        "fraisier_rollbacks_total{" + TARGET + ",status=\"rolled_back\"} 2.0",
                        "fraisier_rollbacks_total{" + TARGET + ",status=\"rollback_failed\"} 1.0",
                        "# TYPE fraisier_active_deployments gauge",
                        "fraisier_active_deployments{provider=\"bare_metal\"} 2.0",
                        "fraisier_active_deployments{provider=\"docker_compose\"} 0.0");
    }

    @Test
    void scrape_exportsDurationsAsACumulativeHistogramWhoseInfBucketIsTheCount() {
        counters.set(sample());
        URI url = exporter().start();

        List<String> histogram = client.lines(url).stream()
                .filter(line -> line.startsWith("fraisier_deployment_duration_seconds"))
                .toList();

        String bucket = "fraisier_deployment_duration_seconds_bucket{" + TARGET + ",le=";
        assertThat(histogram)
                .containsExactly(
                        bucket + "\"1.0\"} 0",
                        bucket + "\"5.0\"} 2",
                        bucket + "\"10.0\"} 10",
                        bucket + "\"30.0\"} 30",
                        bucket + "\"60.0\"} 40",
                        bucket + "\"120.0\"} 42",
                        bucket + "\"300.0\"} 43",
                        bucket + "\"600.0\"} 43",
                        bucket + "\"900.0\"} 43",
                        bucket + "\"1200.0\"} 44",
                        bucket + "\"1800.0\"} 44",
                        bucket + "\"+Inf\"} 44",
                        "fraisier_deployment_duration_seconds_count{" + TARGET + "} 44",
                        "fraisier_deployment_duration_seconds_sum{" + TARGET + "} 1234.5");
    }

    @Test
    void scrape_givesEveryFinishedStatusASeriesSoTheFirstRollbackFailureIsSeenByIncrease() {
        counters.set(sample());
        URI url = exporter().start();

        List<String> lines = client.lines(url);

        assertThat(lines)
                .contains(
                        "fraisier_deployments_total{" + TARGET + ",status=\"failed\"} 0.0",
                        "fraisier_deployments_total{" + TARGET + ",status=\"interrupted\"} 0.0",
                        "fraisier_deployments_total{environment=\"staging\",fraise=\"worker\","
                                + "provider=\"docker_compose\",status=\"rollback_failed\"} 0.0",
                        "fraisier_rollbacks_total{environment=\"staging\",fraise=\"worker\","
                                + "provider=\"docker_compose\",status=\"rollback_failed\"} 0.0")
                .noneMatch(line -> line.contains("status=\"in_progress\"") || line.contains("status=\"pending\""));
    }

    static List<EnvironmentConfig> configured() {
        return new ConfigParser(Map.of(), ReferenceProviders.all())
                .parse("""
                        fraises:
                          my_api:
                            environments:
                              production: { provider: bare_metal, host: h1, app_path: /srv/api }
                          fresh:
                            environments:
                              dev: { provider: local, app_path: /srv/fresh }
                        """, Path.of("fraises.yaml"))
                .environments();
    }

    @Test
    void scrape_beforeAnyDeployment_exportsEveryConfiguredTargetsSeriesAtZero() {
        MetricsExporter exporter = MetricsExporter.builder(new CountersOnlyStore(counters), MetricsConfig.defaults())
                .address("127.0.0.1")
                .port(0)
                .targets(configured())
                .scheduler(new ManualProbeScheduler(clock))
                .clock(clock)
                .build();
        exporters.add(exporter);

        List<String> lines = client.lines(exporter.start());

        String fresh = "environment=\"dev\",fraise=\"fresh\",provider=\"local\"";
        assertThat(lines)
                .contains(
                        "fraisier_deployments_total{" + fresh + ",status=\"success\"} 0.0",
                        "fraisier_deployments_total{" + fresh + ",status=\"failed\"} 0.0",
                        "fraisier_deployments_total{" + TARGET + ",status=\"rolled_back\"} 0.0",
                        "fraisier_rollbacks_total{" + fresh + ",status=\"rollback_failed\"} 0.0",
                        "fraisier_deployment_errors_total{error_type=\"deployment_failed\",provider=\"local\"} 0.0",
                        "fraisier_deployment_errors_total{error_type=\"health_check_failed\",provider=\"bare_metal\"}"
                                + " 0.0",
                        "fraisier_deployment_duration_seconds_bucket{" + fresh + ",le=\"1.0\"} 0",
                        "fraisier_deployment_duration_seconds_bucket{" + fresh + ",le=\"+Inf\"} 0",
                        "fraisier_deployment_duration_seconds_count{" + fresh + "} 0",
                        "fraisier_deployment_duration_seconds_sum{" + fresh + "} 0.0",
                        "fraisier_active_deployments{provider=\"local\"} 0.0");
        // bounded: 2 targets x 8 final statuses, 2 providers x 6 error types, no in-flight status
        assertThat(lines.stream().filter(l -> l.startsWith("fraisier_deployments_total{")))
                .hasSize(16);
        assertThat(lines.stream().filter(l -> l.startsWith("fraisier_deployment_errors_total{")))
                .hasSize(12);
        assertThat(lines)
                .noneMatch(line -> line.contains("status=\"in_progress\"") || line.contains("status=\"pending\""));
    }

    @Test
    void scrape_ofAConfiguredTargetThatDeployed_showsTheRecordedValuesNotZeros() {
        counters.set(sample());
        MetricsExporter exporter = MetricsExporter.builder(new CountersOnlyStore(counters), MetricsConfig.defaults())
                .address("127.0.0.1")
                .port(0)
                .targets(configured())
                .scheduler(new ManualProbeScheduler(clock))
                .clock(clock)
                .build();
        exporters.add(exporter);

        List<String> lines = client.lines(exporter.start());

        assertThat(lines)
                .contains(
                        "fraisier_deployments_total{" + TARGET + ",status=\"success\"} 41.0",
                        "fraisier_deployment_errors_total{error_type=\"health_check_failed\",provider=\"bare_metal\"}"
                                + " 3.0",
                        "fraisier_deployment_duration_seconds_count{" + TARGET + "} 44")
                .doesNotContain("fraisier_deployments_total{" + TARGET + ",status=\"success\"} 0.0")
                .doesNotContain("fraisier_deployment_duration_seconds_count{" + TARGET + "} 0");
    }

    @Test
    void scrape_readsTheCountersAtEachScrapeSoOtherProcessesDeploymentsCount() {
        URI url = exporter().start();
        assertThat(client.lines(url)).noneMatch(line -> line.startsWith("fraisier_deployments_total"));

        counters.set(sample()); // a CLI in another process finished deployments

        assertThat(client.lines(url)).contains("fraisier_deployments_total{" + TARGET + ",status=\"success\"} 41.0");
        assertThat(counters.reads()).isEqualTo(2);
    }

    @Test
    void scrape_afterARestart_exportsTheSameCounters() {
        counters.set(sample());
        MetricsExporter first = exporter();
        List<String> before = counterLines(client.lines(first.start()));
        first.close();

        List<String> after = counterLines(client.lines(exporter().start()));

        assertThat(before).hasSize(24); // 2 targets x 8 statuses + 2 errors + 2 x 2 rollbacks + 2 active
        assertThat(after).isEqualTo(before);
    }

    private static List<String> counterLines(List<String> lines) {
        return lines.stream()
                .filter(line -> line.startsWith("fraisier_")
                        && !line.startsWith("fraisier_health")
                        && !line.startsWith("fraisier_lock"))
                .filter(line -> !line.startsWith("fraisier_deployment_duration_seconds"))
                .toList();
    }

    @Test
    void scrape_whenOpenMetricsIsAccepted_answersOpenMetrics() {
        counters.set(sample());
        URI url = exporter().start();

        HttpResponse<String> response =
                client.get(url, "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body())
                .contains("# TYPE fraisier_deployments counter\n")
                .contains("fraisier_deployments_total{" + TARGET + ",status=\"success\"} 41.0\n")
                .endsWith("# EOF\n");
    }

    @Test
    void scrape_whenTheDatabaseFails_answers503NamingTheStore() {
        counters.failWith(new FraisierException(
                ErrorCode.DATABASE_UNAVAILABLE, "connection refused", "Is PostgreSQL running on db:5432?"));
        URI url = exporter().start();

        HttpResponse<String> response = client.get(url, null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .isEqualTo("Cannot read metrics from fake counters: connection refused"
                        + " (Is PostgreSQL running on db:5432?)\n");
    }

    @Test
    void server_answersOnlyGetAndHeadOnMetrics() {
        URI url = exporter().start();

        assertThat(client.get(url.resolve("/other"), null).statusCode()).isEqualTo(404);
        assertThat(client.post(url).statusCode()).isEqualTo(405);
    }

    @Test
    void start_returnsTheBoundUrlWithTheRealPort() {
        URI url = exporter().start();

        assertThat(url.getScheme()).isEqualTo("http");
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPort()).isPositive();
        assertThat(url.getPath()).isEqualTo("/metrics");
    }

    @Test
    void start_whenThePortIsTaken_failsNamingAddressAndPort() {
        URI taken = exporter().start();
        MetricsExporter second = MetricsExporter.builder(new CountersOnlyStore(counters), MetricsConfig.defaults())
                .address("127.0.0.1")
                .port(taken.getPort())
                .scheduler(new ManualProbeScheduler(clock))
                .build();
        exporters.add(second);

        assertThatThrownBy(second::start)
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.hint()).contains("--port");
                })
                .hasMessageStartingWith("Cannot listen on 127.0.0.1:" + taken.getPort());
    }

    @Test
    void scrape_exportsTargetFrozen_1ForAFrozenTarget_0ForTheOthers() {
        List<io.fraisier.core.model.Freeze> frozen = new ArrayList<>();
        MetricsExporter exporter = MetricsExporter.builder(new CountersOnlyStore(counters), MetricsConfig.defaults())
                .address("127.0.0.1")
                .port(0)
                .targets(configured())
                .freezes(() -> List.copyOf(frozen))
                .scheduler(new ManualProbeScheduler(clock))
                .clock(clock)
                .build();
        exporters.add(exporter);
        URI url = exporter.start();
        assertThat(client.lines(url))
                .contains(
                        "# TYPE fraisier_target_frozen gauge",
                        "fraisier_target_frozen{environment=\"production\",fraise=\"my_api\"} 0.0",
                        "fraisier_target_frozen{environment=\"dev\",fraise=\"fresh\"} 0.0");

        frozen.add(new io.fraisier.core.model.Freeze(
                io.fraisier.core.model.Target.of("my_api", "production"),
                null,
                "alice@ops1",
                "incident",
                clock.instant(),
                null));

        assertThat(client.lines(url))
                .contains(
                        "fraisier_target_frozen{environment=\"production\",fraise=\"my_api\"} 1.0",
                        "fraisier_target_frozen{environment=\"dev\",fraise=\"fresh\"} 0.0");
    }
}
