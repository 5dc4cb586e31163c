package io.fraisier.core.spi;

import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Per-target deployment locks as leases ({@code tb_deployment_lock}). Acquisition is atomic across
 * threads and processes sharing the database: of any number of racing callers exactly one wins.
 * Every successful acquisition of a target gets a fencing token larger than all earlier ones.
 */
public interface LockStore {
    /**
     * Takes the target's lock if it is free or its lease expired before {@code now} (an expired lease is
     * reclaimed). Never waits; the engine polls.
     *
     * @return the new lease, or empty when a live lease is held by someone else
     */
    Optional<LockLease> tryAcquire(Target target, String holder, long deploymentId, Instant now, Duration lease);

    /**
     * Extends a lease the caller still holds.
     *
     * @return the renewed lease, or empty when the lease was lost (released by force or reclaimed)
     */
    Optional<LockLease> renew(LockLease lease, Instant now, Duration extension);

    /** Releases the lease if its token is still the held one; false when it was not (a non-holder). */
    boolean release(LockLease lease);

    /** Removes the target's lock whoever holds it (operator's {@code lock release --force}). */
    Optional<LockLease> forceRelease(Target target);

    /** The target's current lock, expired or not. */
    Optional<LockLease> find(Target target);

    /** Every held lock, oldest first. */
    List<LockLease> list();
}
