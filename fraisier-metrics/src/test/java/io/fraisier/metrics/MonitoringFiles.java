package io.fraisier.metrics;

import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.testkit.fake.ManualClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Where {@code monitoring/} is, and a real exporter whose scrape contains every metric family. */
final class MonitoringFiles {
    private MonitoringFiles() {}

    /** A fleet of two hosts, one of them down: {@code fraisier_host_availability} is in the scrape. */
    private static final AvailabilityProbe FLEET = new AvailabilityProbe() {
        @Override
        public String provider() {
            return "bare_metal";
        }

        @Override
        public String target() {
            return "my_api/production";
        }

        @Override
        public boolean available() {
            return probe().available();
        }

        @Override
        public Answer probe() {
            Map<String, Boolean> hosts = new LinkedHashMap<>();
            hosts.put("web1.example.com", true);
            hosts.put("deploy@web2.example.com:2222", false);
            return new Answer(false, hosts);
        }
    };

    static Path dir() {
        String configured = System.getProperty("fraisier.monitoring.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "monitoring");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("monitoring/ not found at " + dir.toAbsolutePath());
        }
        return dir.toAbsolutePath().normalize();
    }

    /**
     * Starts an exporter over a database with deployments, a probed provider, a probed fleet and one deployment's health
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
                .probes(List.of(new ScriptedProbe("bare_metal", "web1"), FLEET))
                .targets(MetricsExporterTest.configured()) // one target that never deployed: its series at 0
                .scheduler(new ManualProbeScheduler(clock))
                .clock(clock)
                .build()) {
            URI url = exporter.start();
            return scrape.apply(url);
        }
    }
}
