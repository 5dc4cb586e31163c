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
 */
public record MetricSnapshot(
        List<DeploymentCount> deployments,
        List<ErrorCount> errors,
        List<DurationHistogram> durations,
        Map<String, Long> activeByProvider) {
    public MetricSnapshot {
        deployments = List.copyOf(deployments);
        errors = List.copyOf(errors);
        durations = List.copyOf(durations);
        activeByProvider = Map.copyOf(activeByProvider);
    }

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
}
