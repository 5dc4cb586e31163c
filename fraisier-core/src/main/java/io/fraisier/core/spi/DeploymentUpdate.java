package io.fraisier.core.spi;

import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Version;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A change of one deployment's status, with the fields it sets. Null fields are left as they are.
 *
 * @param deploymentId the row
 * @param from the status the row must still have (optimistic check)
 * @param to the new status
 * @param fencingToken the lock token this write carries; 0 for writes made without a lock (a pending
 *     row superseded or cancelled, an operator's resolution, crash recovery)
 * @param at when it happened: sets {@code started_at} on {@code in_progress}, {@code completed_at} and
 *     {@code duration_seconds} on a terminal status
 * @param oldVersion the version found running (may be null)
 * @param newVersion the version resolved or deployed (may be null)
 * @param stateVersion for terminal updates: the version now running on the target, written to
 *     {@code tb_fraise_state} (null keeps the state's current version)
 * @param errorType error id for failures (may be null)
 * @param errorMessage message for failures (may be null; never a secret)
 * @param resolvedBy the operator, for manual resolutions (may be null)
 * @param resolutionReason their reason (may be null)
 */
public record DeploymentUpdate(
        long deploymentId,
        DeploymentStatus from,
        DeploymentStatus to,
        long fencingToken,
        Instant at,
        @Nullable Version oldVersion,
        @Nullable Version newVersion,
        @Nullable Version stateVersion,
        @Nullable String errorType,
        @Nullable String errorMessage,
        @Nullable String resolvedBy,
        @Nullable String resolutionReason) {
    public DeploymentUpdate {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("a deployment cannot go from " + from.dbValue() + " to " + to.dbValue());
        }
    }

    /** A status change that sets nothing else. */
    public static DeploymentUpdate move(
            long deploymentId, DeploymentStatus from, DeploymentStatus to, long fencingToken, Instant at) {
        return new DeploymentUpdate(deploymentId, from, to, fencingToken, at, null, null, null, null, null, null, null);
    }

    /**
     * A {@code pending} row superseded in the queue by the newer row {@code newerId}, which its error message
     * names (what {@code fraisier history} shows for it).
     */
    public static DeploymentUpdate superseded(long deploymentId, long newerId, Instant at) {
        return new DeploymentUpdate(
                deploymentId,
                DeploymentStatus.PENDING,
                DeploymentStatus.SUPERSEDED,
                0,
                at,
                null,
                null,
                null,
                null,
                "superseded by deployment " + newerId,
                null,
                null);
    }
}
