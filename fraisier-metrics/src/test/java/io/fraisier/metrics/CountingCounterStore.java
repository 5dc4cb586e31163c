package io.fraisier.metrics;

import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.spi.MetricCounterStore;
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
}
