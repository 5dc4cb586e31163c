package io.fraisier.metrics;

import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.spi.MetricCounterStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A counter store whose snapshot the test sets, counting how often it is read. */
final class CountingCounterStore implements MetricCounterStore {
    private volatile MetricSnapshot snapshot = empty();
    private volatile RuntimeException failure;
    private final AtomicInteger reads = new AtomicInteger();

    static MetricSnapshot empty() {
        return new MetricSnapshot(List.of(), List.of(), List.of(), Map.of());
    }

    void set(MetricSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    int reads() {
        return reads.get();
    }

    @Override
    public MetricSnapshot snapshot() {
        reads.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
        return snapshot;
    }

    @Override
    public void recordHealthAttempt(String provider, boolean healthy) {
        throw new AssertionError("an exporter only reads counters: it recorded a health attempt of " + provider);
    }

    @Override
    public void recordLockWait(String provider, Duration waited) {
        throw new AssertionError("an exporter only reads counters: it recorded a lock wait of " + provider);
    }

    /** {@code base} plus durable health attempts and lock waits, as deployments of any process leave them. */
    static MetricSnapshot withDiagnostics(
            MetricSnapshot base,
            List<MetricSnapshot.HealthAttemptCount> attempts,
            List<MetricSnapshot.LockWaitHistogram> waits) {
        return new MetricSnapshot(
                base.deployments(), base.errors(), base.durations(), base.activeByProvider(), attempts, waits);
    }

    /** A lock wait histogram of one provider holding these waits, bucketed as the store buckets them. */
    static MetricSnapshot.LockWaitHistogram lockWaits(String provider, double... seconds) {
        List<Long> cumulative = MetricSnapshot.LOCK_WAIT_BUCKETS.stream()
                .map(le -> java.util.Arrays.stream(seconds).filter(s -> s <= le).count())
                .toList();
        return new MetricSnapshot.LockWaitHistogram(
                provider,
                cumulative,
                seconds.length,
                java.util.Arrays.stream(seconds).sum());
    }
}
