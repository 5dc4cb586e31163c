package io.fraisier.metrics;

import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.testkit.fake.ManualClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Where {@code monitoring/} is, and a real exporter whose scrape contains every metric family. */
final class MonitoringFiles {
    private MonitoringFiles() {}

    static Path dir() {
        String configured = System.getProperty("fraisier.monitoring.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "monitoring");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("monitoring/ not found at " + dir.toAbsolutePath());
        }
        return dir.toAbsolutePath().normalize();
    }

    /**
     * Starts an exporter over a database with deployments, a probed provider and one deployment's health
     * attempt and lock wait, gives its URL to {@code scrape} and stops it.
     */
    static <T> T withLiveExporter(Function<URI, T> scrape) {
        CountingCounterStore counters = new CountingCounterStore();
        counters.set(CountingCounterStore.withDiagnostics(
                MetricsExporterTest.sample(),
                List.of(new MetricSnapshot.HealthAttemptCount("bare_metal", false, 1)),
                List.of(CountingCounterStore.lockWaits("bare_metal", 1.2))));
        ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
        try (MetricsExporter exporter = MetricsExporter.builder(
                        new CountersOnlyStore(counters), MetricsConfig.defaults())
                .address("127.0.0.1")
                .port(0)
                .probes(List.of(new ScriptedProbe("bare_metal", "web1")))
                .targets(MetricsExporterTest.configured()) // one target that never deployed: its series at 0
                .scheduler(new ManualProbeScheduler(clock))
                .clock(clock)
                .build()) {
            URI url = exporter.start();
            return scrape.apply(url);
        }
    }
}
