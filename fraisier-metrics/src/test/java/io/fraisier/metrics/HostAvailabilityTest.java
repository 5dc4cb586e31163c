package io.fraisier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.config.Rollout;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.testkit.fake.ConfigFixtures;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code fraisier_host_availability}: each host of a fleet probed on its own through {@link
 * Fraisier#providerTestByHost}, on scripted hosts, next to the environment's {@code
 * fraisier_provider_availability}.
 */
class HostAvailabilityTest {
    private static final Target FLEET = Target.of("my_api", "production");
    private static final Target SINGLE = Target.of("my_api", "staging");
    private static final String ENV =
            "fraisier_provider_availability{provider=\"scripted\",target=\"my_api/production\"}";
    private static final String STAGING =
            "fraisier_provider_availability{provider=\"scripted\",target=\"my_api/staging\"}";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final ManualProbeScheduler scheduler = new ManualProbeScheduler(clock);
    private final ScriptedProviderFactory providers = new ScriptedProviderFactory("scripted");
    private final ScrapeClient client = new ScrapeClient();
    private final EnvironmentConfig fleet = ConfigFixtures.asFleet(
            ConfigFixtures.environment(FLEET, "scripted"), Rollout.DEFAULT, "web1", "web2", "web3");
    private final EnvironmentConfig single = ConfigFixtures.environment(SINGLE, "scripted");
    private final FraisierConfig config = ConfigFixtures.config(fleet, single);
    private final Fraisier fraisier = Fraisier.builder()
            .config(config)
            .store(new InMemoryStore())
            .provider(providers)
            .discoverListeners(false)
            .clock(clock)
            .environment(Map.of())
            .processLiveness(pid -> false)
            .build();
    private final MetricsExporter exporter = MetricsExporter.builder(
                    fraisier::metricSnapshot,
                    fraisier.storeDescription(),
                    new MetricsConfig(true, "127.0.0.1", 0, Duration.ofSeconds(30)))
            .targets(config.environments())
            .probes(config.environments().stream()
                    .map(env -> (AvailabilityProbe) new HostSelfTestProbe(env, fraisier::providerTestByHost))
                    .toList())
            .scheduler(scheduler)
            .clock(clock)
            .build();

    @AfterEach
    void stop() {
        exporter.close();
        fraisier.close();
    }

    private static String host(String name) {
        return "fraisier_host_availability{host=\"" + name + "\",provider=\"scripted\",target=\"my_api/production\"}";
    }

    @Test
    void oneHostDown_isZero_theOthersOne_andTheEnvironmentZero() {
        providers.host(FLEET, "web2").selfTestResults(List.of(CheckResult.fail("ssh", "connection refused")));

        List<String> lines = client.lines(exporter.start());

        assertThat(lines).contains(host("web1") + " 1.0", host("web2") + " 0.0", host("web3") + " 1.0", ENV + " 0.0");
        // each host's own provider ran its own self-test, once per round
        assertThat(List.of("web1", "web2", "web3"))
                .allSatisfy(h -> assertThat(providers.host(FLEET, h).calls()).containsOnlyOnce("selfTest"));
    }

    @Test
    void aSingleHostEnvironment_hasNoHostSeries_onlyItsProviderAvailability() {
        List<String> lines = client.lines(exporter.start());

        assertThat(lines).contains(STAGING + " 1.0");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("fraisier_host_availability{"))
                .hasSize(3)
                .noneMatch(l -> l.contains("my_api/staging"));
    }

    @Test
    void aHostThatRecovers_isOneAgainAtTheNextProbe() {
        providers.host(FLEET, "web3").selfTestResults(List.of(CheckResult.fail("git", "no repository")));
        URI url = exporter.start();
        assertThat(client.lines(url)).contains(host("web3") + " 0.0", ENV + " 0.0");

        providers.host(FLEET, "web3").selfTestResults(List.of(CheckResult.pass("git", "ok")));
        scheduler.advance(Duration.ofSeconds(30));

        assertThat(client.lines(url))
                .contains(host("web1") + " 1.0", host("web2") + " 1.0", host("web3") + " 1.0", ENV + " 1.0");
    }

    @Test
    void aProbeThatThrows_marksEveryHostItKnewUnavailable() {
        AtomicBoolean broken = new AtomicBoolean();
        HostSelfTestProbe probe = new HostSelfTestProbe(fleet, env -> {
            if (broken.get()) {
                throw new IllegalStateException("probe thread interrupted");
            }
            return fraisier.providerTestByHost(env);
        });
        try (MetricsExporter own = MetricsExporter.builder(
                        fraisier::metricSnapshot,
                        fraisier.storeDescription(),
                        new MetricsConfig(true, "127.0.0.1", 0, Duration.ofSeconds(30)))
                .probes(List.of(probe))
                .scheduler(scheduler)
                .clock(clock)
                .build()) {
            URI url = own.start();
            assertThat(client.lines(url)).contains(host("web2") + " 1.0");

            broken.set(true);
            scheduler.advance(Duration.ofSeconds(30));

            assertThat(client.lines(url))
                    .contains(host("web1") + " 0.0", host("web2") + " 0.0", host("web3") + " 0.0", ENV + " 0.0");
        }
    }

    @Test
    void textFormat_namesTheFamilyOnce_withHelpAndGaugeType() {
        String body = client.get(exporter.start(), "text/plain").body();

        assertThat(body)
                .containsOnlyOnce("# TYPE fraisier_host_availability gauge\n")
                .containsOnlyOnce("# HELP fraisier_host_availability 1 if the host of a fleet")
                .contains(host("web1") + " 1.0\n");
        // the host dimension is only here: not on the deployment counters
        assertThat(body.lines().filter(l -> l.startsWith("fraisier_deployments_total{")))
                .isNotEmpty()
                .noneMatch(l -> l.contains("host="));
    }
}
