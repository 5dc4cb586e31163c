package io.fraisier.core.internal.engine;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.spi.DeploymentListener;
import io.fraisier.core.spi.MetricCounterStore;
import java.time.Duration;

/**
 * Adds every health-check attempt and lock wait of this instance's deployments to the store's durable
 * counters, so that {@code fraisier metrics} and the daemon's {@code /metrics} show them whichever process
 * deployed (a one-shot {@code fraisier deploy} included). One tiny upsert per attempt or wait; a failed
 * write is logged by the recorder and never fails the deployment. A store opened with metrics disabled
 * counts nothing.
 */
public final class DurableDiagnostics implements DeploymentListener {
    private final MetricCounterStore counters;

    public DurableDiagnostics(MetricCounterStore counters) {
        this.counters = counters;
    }

    @Override
    public void onHealthAttempt(Deployment deployment, ProbeResult result) {
        counters.recordHealthAttempt(deployment.provider(), result.healthy());
    }

    @Override
    public void onLockAcquired(Deployment deployment, long waitedMillis) {
        counters.recordLockWait(deployment.provider(), Duration.ofMillis(Math.max(0, waitedMillis)));
    }
}
