package io.fraisier.core.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to move a target back to an earlier version ({@code fraisier rollback}). The rollback is a
 * full deployment (trigger {@code rollback}) with lock, health checks and its own row.
 *
 * <p>Immutable and thread-safe.
 *
 * @param target fraise and environment
 * @param to the version to go back to ({@code --to}); null for the newest successfully deployed version
 *     that differs from the current one
 * @param dryRun only report what would happen
 * @param triggeredBy who asked (may be null)
 */
public record RollbackRequest(
        Target target,
        @Nullable Version to,
        boolean dryRun,
        @Nullable String triggeredBy) {
    public RollbackRequest {
        Objects.requireNonNull(target, "target");
    }

    /** A rollback to the previous version. */
    public static RollbackRequest of(Target target) {
        return new RollbackRequest(target, null, false, null);
    }
}
