package io.fraisier.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A held deployment lock ({@code tb_deployment_lock} row): a lease that expires unless renewed.
 *
 * @param target the locked target
 * @param holder {@code host:pid} of the holding process
 * @param deploymentId the deployment that holds it
 * @param acquiredAt when it was taken
 * @param expiresAt when it lapses unless renewed
 * @param fencingToken grows on every acquisition of this target; writes carrying an older one are refused
 */
public record LockLease(
        Target target, String holder, long deploymentId, Instant acquiredAt, Instant expiresAt, long fencingToken) {
    public LockLease {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
