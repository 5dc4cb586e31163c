package io.fraisier.core.spi;

import io.fraisier.core.model.MetricSnapshot;

/**
 * Durable deployment counters, updated in the same transaction as each deployment's end and never
 * removed by archiving, so that exported counters stay monotonic across processes, restarts and the
 * guide's 90-day {@code DELETE}.
 */
public interface MetricCounterStore {
    /** Every counter and histogram as it stands, plus deployments in progress. Must not scan history. */
    MetricSnapshot snapshot();
}
