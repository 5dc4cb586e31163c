package io.fraisier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.MetricsConfig;
import io.fraisier.testkit.fake.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderAvailabilityTest {
    private static final String WEB1 = "fraisier_provider_availability{provider=\"bare_metal\",target=\"web1\"}";
    private static final String DOCKER =
            "fraisier_provider_availability{provider=\"docker\",target=\"my_api/staging\"}";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final ManualProbeScheduler scheduler = new ManualProbeScheduler(clock);
    private final ScriptedProbe web1 = new ScriptedProbe("bare_metal", "web1");
    private final ScriptedProbe docker = new ScriptedProbe("docker", "my_api/staging");
    private final ScrapeClient client = new ScrapeClient();
    private final MetricsExporter exporter = MetricsExporter.builder(
                    new CountersOnlyStore(new CountingCounterStore()),
                    new MetricsConfig(true, "127.0.0.1", 0, Duration.ofSeconds(30)))
            .probes(List.of(web1, docker))
            .scheduler(scheduler)
            .clock(clock)
            .build();

    @AfterEach
    void stop() {
        exporter.close();
    }

    @Test
    void start_probesEveryProviderOnceAndScrapesOnlyReadTheLastVerdict() {
        web1.answer(true);
        docker.answer(false);
        URI url = exporter.start();

        client.lines(url);
        List<String> lines = client.lines(url);

        assertThat(lines).contains(WEB1 + " 1.0", DOCKER + " 0.0");
        assertThat(web1.calls()).isEqualTo(1);
        assertThat(docker.calls()).isEqualTo(1);
    }

    @Test
    void probes_runAgainEachProbeInterval_andScrapesSeeTheNewVerdict() {
        URI url = exporter.start();
        assertThat(scheduler.interval()).isEqualTo(Duration.ofSeconds(30));

        web1.answer(false);
        scheduler.advance(Duration.ofSeconds(29));
        assertThat(client.lines(url)).contains(WEB1 + " 1.0");
        assertThat(web1.calls()).isEqualTo(1);

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(client.lines(url)).contains(WEB1 + " 0.0");
        assertThat(web1.calls()).isEqualTo(2);
    }

    @Test
    void probes_thatThrowCountAsUnavailableWithoutStoppingTheOthers() {
        web1.throwOnNextCalls();
        URI url = exporter.start();

        assertThat(client.lines(url)).contains(WEB1 + " 0.0", DOCKER + " 1.0");
    }

    @Test
    void probes_exportWhenTheyLastRan() {
        URI url = exporter.start();
        scheduler.advance(Duration.ofSeconds(30));

        String prefix =
                "fraisier_provider_availability_checked_timestamp_seconds{provider=\"bare_metal\",target=\"web1\"} ";
        assertThat(client.lines(url))
                .filteredOn(line -> line.startsWith(prefix))
                .singleElement()
                .extracting(line -> Double.parseDouble(line.substring(prefix.length())))
                .isEqualTo((double) Instant.parse("2026-11-29T03:00:30Z").getEpochSecond());
    }

    @Test
    void knownProviders_haveActiveDeploymentsAndHealthSeriesAtZero() {
        URI url = exporter.start();

        assertThat(client.lines(url))
                .contains(
                        "fraisier_active_deployments{provider=\"bare_metal\"} 0.0",
                        "fraisier_active_deployments{provider=\"docker\"} 0.0",
                        "fraisier_health_check_attempts_total{provider=\"docker\",result=\"unhealthy\"} 0.0",
                        "fraisier_lock_wait_seconds_count{provider=\"bare_metal\"} 0");
    }

    @Test
    void close_stopsTheProbes() {
        exporter.start();

        exporter.close();

        assertThat(scheduler.closed()).isTrue();
    }
}
