package io.fraisier.core.spi;

import io.fraisier.core.model.MetricSnapshot;

/**
 * Durable deployment counters, updated in the same transaction as each deployment's end and never
 * removed by archiving, so that exported counters stay monotonic across processes, restarts and the
 * guide's 90-day {@code DELETE}. Health-check attempts and lock waits are counted here too, as they
 * happen, so that every exporter sees them whichever process ran the deployment.
 *
 * <p>A store opened with metrics disabled ({@code countMetrics} false) records nothing.
 */
public interface MetricCounterStore {
    /** Every counter and histogram as it stands, plus deployments in progress. Must not scan history. */
    MetricSnapshot snapshot();

    /** Counts one health-check attempt of a deployment of {@code provider}. */
    void recordHealthAttempt(String provider, boolean healthy);

    /** Adds one observation to {@code provider}'s lock wait histogram ({@link MetricSnapshot#LOCK_WAIT_BUCKETS}). */
    void recordLockWait(String provider, java.time.Duration waited);
}
