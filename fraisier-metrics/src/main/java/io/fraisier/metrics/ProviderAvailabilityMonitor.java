package io.fraisier.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every {@link AvailabilityProbe} each {@code probe_interval} and remembers the last verdict, which
 * scrapes read. Probing at scrape time would make a scrape as slow as the slowest SSH handshake and hammer
 * providers once per Prometheus server. Thread-safe.
 */
final class ProviderAvailabilityMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderAvailabilityMonitor.class);

    /**
     * The last verdict for one probe.
     *
     * @param hosts each host's verdict, by host name in order (fleets only; else empty)
     */
    record Verdict(String provider, String target, boolean available, Map<String, Boolean> hosts, Instant checkedAt) {}

    private final List<AvailabilityProbe> probes;
    private final ProbeScheduler scheduler;
    private final Clock clock;
    private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

    ProviderAvailabilityMonitor(List<AvailabilityProbe> probes, ProbeScheduler scheduler, Clock clock) {
        this.probes = List.copyOf(probes);
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void start(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("probe interval must be positive, got " + interval);
        }
        if (!probes.isEmpty()) {
            scheduler.runEvery(interval, this::probeAll);
        }
    }

    /**
     * One round: every probe, one after the other; a failing probe never stops the others. A probe that
     * throws counts as unavailable, and so do the hosts it answered for last time.
     */
    void probeAll() {
        for (AvailabilityProbe probe : probes) {
            String key = probe.provider() + '\u0000' + probe.target();
            AvailabilityProbe.Answer answer;
            try {
                answer = probe.probe();
            } catch (RuntimeException e) {
                LOG.warn(
                        "Availability probe of provider {} for {} failed: {}",
                        probe.provider(),
                        probe.target(),
                        e.getMessage());
                Verdict last = verdicts.get(key);
                Map<String, Boolean> hostsDown = new LinkedHashMap<>();
                if (last != null) {
                    last.hosts().keySet().forEach(host -> hostsDown.put(host, false));
                }
                answer = new AvailabilityProbe.Answer(false, hostsDown);
            }
            boolean available = answer.available();
            Verdict previous = verdicts.put(
                    key, new Verdict(probe.provider(), probe.target(), available, answer.hosts(), clock.instant()));
            if (previous != null && previous.available() != available) {
                LOG.info(
                        "Provider {} for {} is now {}",
                        probe.provider(),
                        probe.target(),
                        available ? "available" : "unavailable");
            }
            if (previous != null) {
                answer.hosts().forEach((host, up) -> {
                    Boolean before = previous.hosts().get(host);
                    if (before != null && before != up) {
                        LOG.info(
                                "Host {} of {} ({}) is now {}",
                                host,
                                probe.target(),
                                probe.provider(),
                                up ? "available" : "unavailable");
                    }
                });
            }
        }
    }

    /** Verdicts so far, in probe order; a probe not yet run has none (rather than a misleading 0). */
    Collection<Verdict> verdicts() {
        Map<String, Verdict> ordered = new LinkedHashMap<>();
        for (AvailabilityProbe probe : probes) {
            String key = probe.provider() + '\u0000' + probe.target();
            Verdict verdict = verdicts.get(key);
            if (verdict != null) {
                ordered.put(key, verdict);
            }
        }
        return List.copyOf(ordered.values());
    }

    /** Providers the probes cover, so that gauges and initial zeros exist for them. */
    List<String> providers() {
        return probes.stream().map(AvailabilityProbe::provider).distinct().toList();
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
