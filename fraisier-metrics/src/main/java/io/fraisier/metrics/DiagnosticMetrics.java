package io.fraisier.metrics;

import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.model.MetricSnapshot.HealthAttemptCount;
import io.fraisier.core.model.MetricSnapshot.LockWaitHistogram;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fraisier_health_check_attempts_total} and {@code fraisier_lock_wait_seconds}, from the durable
 * counters of the database: every process that deploys adds to them, so {@code fraisier metrics} and the
 * daemon's {@code /metrics} show the same values whichever process ran the deployment. Every known
 * provider has its series at 0 before its first attempt or wait, so that {@code rate()} sees the first.
 *
 * <p>{@code fraisier metrics} renders them within its one snapshot per scrape; the daemon registers an
 * instance of this class in its own registry. Thread-safe.
 */
public final class DiagnosticMetrics implements MultiCollector {
    static final String HEALTH_ATTEMPTS = "fraisier_health_check_attempts";
    static final String LOCK_WAIT = "fraisier_lock_wait_seconds";

    private static final Logger LOG = LoggerFactory.getLogger(DiagnosticMetrics.class);

    private final Supplier<MetricSnapshot> counters;
    private final Supplier<? extends Collection<String>> providers;

    /**
     * @param counters read once per scrape ({@code Fraisier::metricSnapshot})
     * @param providers the configured provider types, whose series exist from the start
     */
    public DiagnosticMetrics(Supplier<MetricSnapshot> counters, Supplier<? extends Collection<String>> providers) {
        this.counters = Objects.requireNonNull(counters, "counters");
        this.providers = Objects.requireNonNull(providers, "providers");
    }

    /**
     * Both families, or none when the database cannot be read: the daemon's other metrics still answer,
     * and its {@code /health} tells that the database is down.
     */
    @Override
    public MetricSnapshots collect() {
        MetricSnapshot snapshot;
        try {
            snapshot = counters.get();
        } catch (FraisierException e) {
            LOG.debug("Health-attempt and lock-wait series left out of this scrape: {}", e.getMessage());
            return MetricSnapshots.of();
        }
        Collection<String> known = providers.get();
        return MetricSnapshots.of(healthAttempts(snapshot, known), lockWaits(snapshot, known));
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(HEALTH_ATTEMPTS, LOCK_WAIT);
    }

    static CounterSnapshot healthAttempts(MetricSnapshot snapshot, Collection<String> providers) {
        Map<List<String>, Long> counts = new TreeMap<>(DiagnosticMetrics::compare);
        for (String provider : providers) {
            counts.put(List.of(provider, "healthy"), 0L);
            counts.put(List.of(provider, "unhealthy"), 0L);
        }
        for (HealthAttemptCount c : snapshot.healthAttempts()) {
            counts.merge(List.of(c.provider(), c.healthy() ? "healthy" : "unhealthy"), c.count(), Long::sum);
        }
        CounterSnapshot.Builder family = CounterSnapshot.builder()
                .name(HEALTH_ATTEMPTS)
                .help("Health check attempts of deployments by provider and result (from the database)");
        counts.forEach((key, count) -> family.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("provider", key.get(0), "result", key.get(1)))
                .value(count)
                .build()));
        return family.build();
    }

    static HistogramSnapshot lockWaits(MetricSnapshot snapshot, Collection<String> providers) {
        Map<String, LockWaitHistogram> byProvider = new TreeMap<>();
        List<Long> none =
                MetricSnapshot.LOCK_WAIT_BUCKETS.stream().map(le -> 0L).toList();
        providers.forEach(p -> byProvider.put(p, new LockWaitHistogram(p, none, 0, 0.0)));
        snapshot.lockWaits().forEach(h -> byProvider.put(h.provider(), h));
        HistogramSnapshot.Builder family = HistogramSnapshot.builder()
                .name(LOCK_WAIT)
                .help("Time deployments waited for their target's lock, by provider (from the database)");
        for (LockWaitHistogram h : byProvider.values()) {
            family.dataPoint(HistogramDataPointSnapshot.builder()
                    .labels(Labels.of("provider", h.provider()))
                    .classicHistogramBuckets(buckets(h))
                    .sum(h.sumSeconds())
                    .build());
        }
        return family.build();
    }

    /** The store keeps cumulative counts (as exposed); the model wants the count of each bucket alone. */
    private static ClassicHistogramBuckets buckets(LockWaitHistogram h) {
        return CumulativeBuckets.of(
                MetricSnapshot.LOCK_WAIT_BUCKETS,
                h.bucketCounts(),
                h.count(),
                "lock wait histogram of " + h.provider());
    }

    private static int compare(List<String> a, List<String> b) {
        int c = a.get(0).compareTo(b.get(0));
        return c != 0 ? c : a.get(1).compareTo(b.get(1));
    }
}
