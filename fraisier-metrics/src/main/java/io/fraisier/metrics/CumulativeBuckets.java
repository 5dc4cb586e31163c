package io.fraisier.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import java.util.ArrayList;
import java.util.List;

/**
 * The store keeps a histogram's buckets as cumulative counts (as Prometheus exposes them); the Prometheus
 * model wants the count of each bucket alone. Shared by every histogram read from the database.
 */
final class CumulativeBuckets {
    private CumulativeBuckets() {}

    /**
     * The model's buckets for {@code bounds} (the finite upper bounds), their cumulative counts and the
     * total count (the {@code +Inf} bucket).
     *
     * @param what the histogram, for the message when the store holds something inconsistent
     * @throws IllegalStateException when the counts do not match the bounds or are not cumulative
     */
    static ClassicHistogramBuckets of(List<Double> bounds, List<Long> cumulativeCounts, long count, String what) {
        if (cumulativeCounts.size() != bounds.size()) {
            throw new IllegalStateException(
                    what + " has " + cumulativeCounts.size() + " buckets, expected " + bounds.size());
        }
        List<Double> upperBounds = new ArrayList<>(bounds);
        upperBounds.add(Double.POSITIVE_INFINITY);
        List<Long> cumulative = new ArrayList<>(cumulativeCounts);
        cumulative.add(count);
        List<Long> perBucket = new ArrayList<>();
        long previous = 0;
        for (long value : cumulative) {
            if (value < previous) {
                throw new IllegalStateException(what + " is not cumulative: " + cumulative);
            }
            perBucket.add(value - previous);
            previous = value;
        }
        return ClassicHistogramBuckets.of(upperBounds, perBucket);
    }
}
