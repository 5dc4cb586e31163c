package io.fraisier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.testkit.fake.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicrometerDeploymentListenerTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final ScrapeClient client = new ScrapeClient();
    private final MetricsExporter exporter = MetricsExporter.builder(
                    new CountersOnlyStore(new CountingCounterStore()), MetricsConfig.defaults())
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
        URI url = exporter.start();
        Deployment deployment = Deployments.inProgress("bare_metal");

        exporter.deploymentListener()
                .onHealthAttempt(deployment, ProbeResult.unhealthy("connection refused", Duration.ofMillis(3)));
        exporter.deploymentListener()
                .onHealthAttempt(deployment, ProbeResult.unhealthy("HTTP 503", Duration.ofMillis(3)));
        exporter.deploymentListener()
                .onHealthAttempt(deployment, ProbeResult.healthy("HTTP 200", Duration.ofMillis(3)));

        assertThat(client.lines(url))
                .contains(
                        "# TYPE fraisier_health_check_attempts_total counter",
                        "fraisier_health_check_attempts_total{provider=\"bare_metal\",result=\"unhealthy\"} 2.0",
                        "fraisier_health_check_attempts_total{provider=\"bare_metal\",result=\"healthy\"} 1.0");
    }

    @Test
    void lockWaits_areAHistogramInSeconds() {
        URI url = exporter.start();

        exporter.deploymentListener().onLockAcquired(Deployments.inProgress("bare_metal"), 2_500);

        assertThat(client.lines(url))
                .contains(
                        "# TYPE fraisier_lock_wait_seconds histogram",
                        "fraisier_lock_wait_seconds_bucket{provider=\"bare_metal\",le=\"1.0\"} 0",
                        "fraisier_lock_wait_seconds_bucket{provider=\"bare_metal\",le=\"5.0\"} 1",
                        "fraisier_lock_wait_seconds_bucket{provider=\"bare_metal\",le=\"+Inf\"} 1",
                        "fraisier_lock_wait_seconds_count{provider=\"bare_metal\"} 1",
                        "fraisier_lock_wait_seconds_sum{provider=\"bare_metal\"} 2.5",
                        "fraisier_lock_wait_seconds_max{provider=\"bare_metal\"} 2.5");
    }

    @Test
    void deploymentsOfAProviderNotProbed_getTheirOwnSeries() {
        URI url = exporter.start();

        exporter.deploymentListener().onLockAcquired(Deployments.inProgress("local"), 0);

        assertThat(client.lines(url)).contains("fraisier_lock_wait_seconds_count{provider=\"local\"} 1");
    }
}
