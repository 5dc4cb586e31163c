package io.fraisier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.model.MetricSnapshot.HealthAttemptCount;
import io.fraisier.testkit.fake.ManualClock;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health attempts and lock waits, as the durable counters of the database hold them. */
class DiagnosticMetricsTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final ScrapeClient client = new ScrapeClient();
    private final CountingCounterStore counters = new CountingCounterStore();
    private final MetricsExporter exporter = MetricsExporter.builder(
                    new CountersOnlyStore(counters), MetricsConfig.defaults())
            .address("127.0.0.1")
            .port(0)
            .probes(List.of(new ScriptedProbe("bare_metal", "web1")))
            .scheduler(new ManualProbeScheduler(clock))
            .build();

    @AfterEach
    void stop() {
        exporter.close();
    }

    @Test
    void healthAttempts_areCountedByProviderAndResult() {
        counters.set(CountingCounterStore.withDiagnostics(
                CountingCounterStore.empty(),
                List.of(new HealthAttemptCount("bare_metal", false, 2), new HealthAttemptCount("bare_metal", true, 1)),
                List.of()));
        URI url = exporter.start();

        assertThat(client.lines(url))
                .contains(
                        "# TYPE fraisier_health_check_attempts_total counter",
                        "fraisier_health_check_attempts_total{provider=\"bare_metal\",result=\"unhealthy\"} 2.0",
                        "fraisier_health_check_attempts_total{provider=\"bare_metal\",result=\"healthy\"} 1.0");
    }

    @Test
    void lockWaits_areAHistogramInSeconds() {
        counters.set(CountingCounterStore.withDiagnostics(
                CountingCounterStore.empty(), List.of(), List.of(CountingCounterStore.lockWaits("bare_metal", 2.5))));
        URI url = exporter.start();

        assertThat(client.lines(url))
                .contains(
                        "# TYPE fraisier_lock_wait_seconds histogram",
                        "fraisier_lock_wait_seconds_bucket{provider=\"bare_metal\",le=\"1.0\"} 0",
                        "fraisier_lock_wait_seconds_bucket{provider=\"bare_metal\",le=\"5.0\"} 1",
                        "fraisier_lock_wait_seconds_bucket{provider=\"bare_metal\",le=\"+Inf\"} 1",
                        "fraisier_lock_wait_seconds_count{provider=\"bare_metal\"} 1",
                        "fraisier_lock_wait_seconds_sum{provider=\"bare_metal\"} 2.5");
    }

    @Test
    void deploymentsOfAProviderNotProbed_getTheirOwnSeries() {
        counters.set(CountingCounterStore.withDiagnostics(
                CountingCounterStore.empty(), List.of(), List.of(CountingCounterStore.lockWaits("local", 0.0))));
        URI url = exporter.start();

        assertThat(client.lines(url))
                .contains(
                        "fraisier_lock_wait_seconds_count{provider=\"local\"} 1",
                        "fraisier_health_check_attempts_total{provider=\"bare_metal\",result=\"healthy\"} 0.0");
    }
}
