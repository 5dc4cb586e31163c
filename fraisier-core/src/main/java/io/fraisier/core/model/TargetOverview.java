package io.fraisier.core.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of {@code fraisier status-all}: a configured target and what Fraisier recorded about it.
 * Built from the database only (no provider is contacted).
 *
 * <p>Immutable and thread-safe.
 *
 * @param target fraise and environment
 * @param fraiseType {@code api}, {@code etl}, {@code scheduled} or {@code backup}
 * @param provider provider type
 * @param state the recorded state (null before the first deployment)
 * @param lock the target's lock, if any (may be expired)
 */
public record TargetOverview(
        Target target,
        String fraiseType,
        String provider,
        @Nullable FraiseState state,
        @Nullable LockLease lock) {
    public TargetOverview {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(fraiseType, "fraiseType");
        Objects.requireNonNull(provider, "provider");
    }
}
