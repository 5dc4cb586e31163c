package io.fraisier.core.model;

import java.util.List;
import java.util.Map;

/**
 * The durable metric counters at one moment.
 *
 * @param deployments finished deployments by fraise, environment, provider and status
 * @param errors failed deployments by provider and error type
 * @param durations duration histograms by fraise, environment and provider
 * @param activeByProvider deployments {@code in_progress} now, by provider
 * @param healthAttempts health-check attempts by provider and result, whichever process ran them
 * @param lockWaits how long deployments waited for their target's lock, by provider
 */
public record MetricSnapshot(
        List<DeploymentCount> deployments,
        List<ErrorCount> errors,
        List<DurationHistogram> durations,
        Map<String, Long> activeByProvider,
        List<HealthAttemptCount> healthAttempts,
        List<LockWaitHistogram> lockWaits) {
    public MetricSnapshot {
        deployments = List.copyOf(deployments);
        errors = List.copyOf(errors);
        durations = List.copyOf(durations);
        activeByProvider = Map.copyOf(activeByProvider);
        healthAttempts = List.copyOf(healthAttempts);
        lockWaits = List.copyOf(lockWaits);
    }

    /** Deployment counters only: no health attempt nor lock wait recorded yet. */
    public MetricSnapshot(
            List<DeploymentCount> deployments,
            List<ErrorCount> errors,
            List<DurationHistogram> durations,
            Map<String, Long> activeByProvider) {
        this(deployments, errors, durations, activeByProvider, List.of(), List.of());
    }

    /**
     * Upper bounds (seconds) of the lock wait histogram buckets: from nothing to the 300 s default
     * {@code lock_timeout}. A {@code +Inf} bucket is implied.
     */
    public static final List<Double> LOCK_WAIT_BUCKETS = List.of(0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0);

    /**
     * Upper bounds (seconds) of the duration histogram buckets: deployments last seconds to 30 minutes.
     * A {@code +Inf} bucket is implied.
     */
    public static final List<Double> DURATION_BUCKETS =
            List.of(1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1200.0, 1800.0);

    public record DeploymentCount(String fraise, String environment, String provider, String status, long count) {}

    public record ErrorCount(String provider, String errorType, long count) {}

    /**
     * @param bucketCounts cumulative counts per bound of {@link #DURATION_BUCKETS} (same length)
     * @param count all observations (the +Inf bucket)
     * @param sumSeconds sum of observed durations
     */
    public record DurationHistogram(
            String fraise,
            String environment,
            String provider,
            List<Long> bucketCounts,
            long count,
            double sumSeconds) {
        public DurationHistogram {
            bucketCounts = List.copyOf(bucketCounts);
        }
    }

    /** @param healthy whether the attempt found the target healthy */
    public record HealthAttemptCount(String provider, boolean healthy, long count) {}

    /**
     * @param bucketCounts cumulative counts per bound of {@link #LOCK_WAIT_BUCKETS} (same length)
     * @param count all observations (the +Inf bucket)
     * @param sumSeconds sum of observed waits
     */
    public record LockWaitHistogram(String provider, List<Long> bucketCounts, long count, double sumSeconds) {
        public LockWaitHistogram {
            bucketCounts = List.copyOf(bucketCounts);
        }
    }
}
