package io.fraisier.core.model;

import org.jspecify.annotations.Nullable;

/**
 * Aggregates over a window of finished deployments ({@code fraisier stats}), for one fraise or for all
 * ({@code fraise} null).
 *
 * @param fraise the fraise, or null for the total
 * @param total finished deployments in the window
 * @param successes {@code success}
 * @param failures {@code failed} and {@code rollback_failed}
 * @param rollbacks {@code rolled_back} and {@code rollback_failed}
 * @param averageSeconds mean duration, null without data
 * @param p95Seconds 95th percentile duration, null without data
 */
public record DeploymentStats(
        @Nullable String fraise,
        long total,
        long successes,
        long failures,
        long rollbacks,
        @Nullable Double averageSeconds,
        @Nullable Double p95Seconds) {
    /**
     * The {@code p} quantile (0 to 1) of ascending {@code sorted} values by linear interpolation between
     * the closest ranks, as PostgreSQL's {@code percentile_cont}: what every store reports as {@link
     * #p95Seconds}. Null for no values.
     */
    public static @Nullable Double percentile(java.util.List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        double rank = p * (sorted.size() - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (rank - lo) * (sorted.get(hi) - sorted.get(lo));
    }

    /** Successes over total, 0 to 1; null when there was nothing. */
    public @Nullable Double successRate() {
        return total == 0 ? null : (double) successes / total;
    }
}
