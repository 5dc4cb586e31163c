package io.fraisier.core.spi;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.ProbeResult;

/**
 * Sees every step of every deployment a {@code Fraisier} instance runs (CLI progress, metrics,
 * notifications). Called on the deployment's thread; must be quick and must not throw (an exception is
 * logged and ignored).
 */
public interface DeploymentListener {
    /** A step was recorded. */
    default void onEvent(Deployment deployment, DeploymentEvent event) {}

    /**
     * One line of output of a command a step runs (a hook, an operator's install or restart command), as
     * it comes, scrubbed of secrets. Not stored: a bounded tail of a hook's output is kept as an event.
     */
    default void onOutput(Deployment deployment, String step, String line) {}

    /** The deployment's status changed (including its terminal status). */
    default void onStatus(Deployment deployment) {}

    /** One health attempt finished. */
    default void onHealthAttempt(Deployment deployment, ProbeResult result) {}

    /** The lock was acquired after waiting {@code waitedMillis}. */
    default void onLockAcquired(Deployment deployment, long waitedMillis) {}
}
