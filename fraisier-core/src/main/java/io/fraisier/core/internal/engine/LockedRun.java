package io.fraisier.core.internal.engine;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.Version;
import org.jspecify.annotations.Nullable;

/**
 * The part of a deployment that runs with the lock held: one host ({@link DeploymentRun}) or a fleet
 * ({@link FleetRun}). {@link DeploymentEngine} ends the row of one that throws.
 */
interface LockedRun {
    /** The row as last written. */
    Deployment row();

    /** The token of the lease as last renewed. */
    long fencingToken();

    /** The version found running, once resolved. */
    @Nullable
    Version resolvedOld();

    /** The version being deployed, once resolved. */
    @Nullable
    Version resolvedTarget();

    /** Runs the row to its terminal status. */
    DeploymentOutcome execute() throws InterruptedException;
}
