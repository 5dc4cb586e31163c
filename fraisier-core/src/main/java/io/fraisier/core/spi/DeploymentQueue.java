package io.fraisier.core.spi;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.Target;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue of {@code pending} deployments (rows of {@code tb_deployment}), shared by every
 * daemon on one database.
 */
public interface DeploymentQueue {
    /**
     * Claims the oldest pending deployment that no other worker has claimed, whose target has no
     * deployment {@code in_progress} and no live lock, and moves it to claimed-by-{@code worker}. Exactly
     * one of several racing workers gets a given row ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL).
     */
    Optional<Deployment> claimNext(String worker, Instant now);

    /**
     * Marks every pending, unclaimed deployment of {@code target} older than {@code newerId} as
     * {@code superseded}.
     *
     * @return the ids superseded
     */
    List<Long> supersedeOlder(Target target, long newerId, Instant now);

    /** Pending deployments not yet claimed. */
    long depth();

    /** Gives back claims of {@code worker} that never started (a worker that stops). */
    int releaseClaims(String worker);
}
