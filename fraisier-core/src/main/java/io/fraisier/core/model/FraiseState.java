package io.fraisier.core.model;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code tb_fraise_state}: what runs on a target now, as far as Fraisier knows.
 *
 * @param target fraise and environment
 * @param provider provider type
 * @param currentVersion the version deployed last successfully (null before the first)
 * @param lastStatus status of the last finished deployment
 * @param lastDeploymentId id of that deployment
 * @param updatedAt when this row changed
 */
public record FraiseState(
        Target target,
        String provider,
        @Nullable Version currentVersion,
        DeploymentStatus lastStatus,
        long lastDeploymentId,
        Instant updatedAt) {
    public FraiseState {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(lastStatus, "lastStatus");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
