package io.fraisier.testkit.fake;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.spi.MetricCounterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable counters of an {@link InMemoryStore}: bumped when a deployment reaches its first terminal
 * status, never decreased, kept apart from the rows (deleting rows does not touch them).
 */
final class InMemoryCounters implements MetricCounterStore {
    private final InMemoryStore db;
    private final Map<List<String>, Long> deployments = new LinkedHashMap<>();
    private final Map<List<String>, Long> errors = new LinkedHashMap<>();
    private final Map<List<String>, long[]> buckets = new LinkedHashMap<>();
    private final Map<List<String>, Double> sums = new LinkedHashMap<>();
    private final Map<List<Object>, Long> healthAttempts = new LinkedHashMap<>();
    private final Map<String, long[]> lockWaitBuckets = new LinkedHashMap<>();
    private final Map<String, Double> lockWaitSums = new LinkedHashMap<>();

    InMemoryCounters(InMemoryStore db) {
        this.db = db;
    }

    /** Caller holds the store's mutex. */
    void record(Deployment d) {
        String fraise = d.target().fraise();
        String env = d.target().environment();
        deployments.merge(List.of(fraise, env, d.provider(), d.status().dbValue()), 1L, Long::sum);
        if (d.errorType() != null) {
            errors.merge(List.of(d.provider(), d.errorType()), 1L, Long::sum);
        }
        if (d.durationSeconds() != null) {
            List<String> key = List.of(fraise, env, d.provider());
            long[] counts = buckets.computeIfAbsent(key, k -> new long[MetricSnapshot.DURATION_BUCKETS.size() + 1]);
            for (int i = 0; i < MetricSnapshot.DURATION_BUCKETS.size(); i++) {
                if (d.durationSeconds() <= MetricSnapshot.DURATION_BUCKETS.get(i)) {
                    counts[i]++;
                }
            }
            counts[counts.length - 1]++;
            sums.merge(key, d.durationSeconds(), Double::sum);
        }
    }

    @Override
    public void recordHealthAttempt(String provider, boolean healthy) {
        synchronized (db.mutex) {
            db.checkUp();
            db.checkWritesWork();
            healthAttempts.merge(List.of(provider, healthy), 1L, Long::sum);
        }
    }

    @Override
    public void recordLockWait(String provider, java.time.Duration waited) {
        synchronized (db.mutex) {
            db.checkUp();
            db.checkWritesWork();
            double seconds = waited.toNanos() / 1e9;
            long[] counts = lockWaitBuckets.computeIfAbsent(
                    provider, k -> new long[MetricSnapshot.LOCK_WAIT_BUCKETS.size() + 1]);
            for (int i = 0; i < MetricSnapshot.LOCK_WAIT_BUCKETS.size(); i++) {
                if (seconds <= MetricSnapshot.LOCK_WAIT_BUCKETS.get(i)) {
                    counts[i]++;
                }
            }
            counts[counts.length - 1]++;
            lockWaitSums.merge(provider, seconds, Double::sum);
        }
    }

    @Override
    public MetricSnapshot snapshot() {
        synchronized (db.mutex) {
            db.checkUp();
            List<MetricSnapshot.DeploymentCount> counts = new ArrayList<>();
            deployments.forEach((k, v) ->
                    counts.add(new MetricSnapshot.DeploymentCount(k.get(0), k.get(1), k.get(2), k.get(3), v)));
            List<MetricSnapshot.ErrorCount> errs = new ArrayList<>();
            errors.forEach((k, v) -> errs.add(new MetricSnapshot.ErrorCount(k.get(0), k.get(1), v)));
            List<MetricSnapshot.DurationHistogram> histograms = new ArrayList<>();
            buckets.forEach((k, c) -> {
                List<Long> cumulative = new ArrayList<>();
                for (int i = 0; i < c.length - 1; i++) {
                    cumulative.add(c[i]);
                }
                histograms.add(new MetricSnapshot.DurationHistogram(
                        k.get(0), k.get(1), k.get(2), cumulative, c[c.length - 1], sums.get(k)));
            });
            Map<String, Long> active = new TreeMap<>();
            db.deployments.values().stream()
                    .filter(d -> d.status() == DeploymentStatus.IN_PROGRESS)
                    .forEach(d -> active.merge(d.provider(), 1L, Long::sum));
            List<MetricSnapshot.HealthAttemptCount> attempts = new ArrayList<>();
            healthAttempts.forEach((k, v) ->
                    attempts.add(new MetricSnapshot.HealthAttemptCount((String) k.get(0), (Boolean) k.get(1), v)));
            List<MetricSnapshot.LockWaitHistogram> waits = new ArrayList<>();
            lockWaitBuckets.forEach((provider, c) -> {
                List<Long> cumulative = new ArrayList<>();
                for (int i = 0; i < c.length - 1; i++) {
                    cumulative.add(c[i]);
                }
                waits.add(new MetricSnapshot.LockWaitHistogram(
                        provider, cumulative, c[c.length - 1], lockWaitSums.get(provider)));
            });
            return new MetricSnapshot(counts, errs, histograms, active, attempts, waits);
        }
    }
}
