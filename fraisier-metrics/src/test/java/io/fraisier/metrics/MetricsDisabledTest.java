package io.fraisier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.MetricsConfig;
import io.fraisier.testkit.fake.ManualClock;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsDisabledTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final CountingCounterStore counters = new CountingCounterStore();
    private final ScriptedProbe probe = new ScriptedProbe("bare_metal", "web1");

    @Test
    void exporter_whenTheEnvironmentDisablesMetrics_servesOnlyAnExplanation() {
        counters.set(MetricsExporterTest.sample());
        MetricsConfig config = MetricsConfig.defaults();
        boolean enabled = MetricsSettings.enabled(config, Map.of("FRAISIER_METRICS_ENABLED", "false"));
        ManualProbeScheduler scheduler = new ManualProbeScheduler(clock);
        try (MetricsExporter exporter = MetricsExporter.builder(new CountersOnlyStore(counters), config)
                .enabled(enabled)
                .address("127.0.0.1")
                .port(0)
                .probes(List.of(probe))
                .scheduler(scheduler)
                .build()) {
            URI url = exporter.start();
            scheduler.advance(Duration.ofMinutes(5));

            HttpResponse<String> response = new ScrapeClient().get(url, null);

            assertThat(exporter.enabled()).isFalse();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .isEqualTo("# Fraisier metrics are disabled (FRAISIER_METRICS_ENABLED=false or metrics.enabled:"
                            + " false in fraises.yaml); no metric is recorded or exported.\n");
            assertThat(counters.reads()).isZero();
            assertThat(probe.calls()).isZero();
        }
    }
}
