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
    /** Successes over total, 0 to 1; null when there was nothing. */
    public @Nullable Double successRate() {
        return total == 0 ? null : (double) successes / total;
    }
}
