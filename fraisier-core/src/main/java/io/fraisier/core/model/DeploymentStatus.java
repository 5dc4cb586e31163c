package io.fraisier.core.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The states of a deployment and the transitions between them. Any transition not listed in
 * {@link #canMoveTo(DeploymentStatus)} is refused by the engine and by the stores.
 *
 * <p>The database and every output use {@link #dbValue()} ({@code in_progress}, {@code rolled_back}, …).
 */
public enum DeploymentStatus {
    PENDING,
    IN_PROGRESS,
    SUCCESS,
    FAILED,
    ROLLED_BACK,
    ROLLBACK_FAILED,
    SKIPPED,
    SUPERSEDED,
    INTERRUPTED,
    CANCELLED;

    /** The lower-case name used in the database, JSON and text output. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #dbValue()} (case-insensitive). */
    public static DeploymentStatus parse(String value) {
        for (DeploymentStatus s : values()) {
            if (s.dbValue().equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown deployment status '" + value + "': expected one of "
                + Arrays.stream(values()).map(DeploymentStatus::dbValue).toList());
    }

    /** True once the deployment will never change again on its own (an operator may still resolve it). */
    public boolean isTerminal() {
        return this != PENDING && this != IN_PROGRESS;
    }

    /** True for outcomes an operator must look at: {@code rollback_failed} and {@code interrupted}. */
    public boolean needsOperator() {
        return this == ROLLBACK_FAILED || this == INTERRUPTED;
    }

    /** The statuses this one may move to. */
    public Set<DeploymentStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(IN_PROGRESS, SUPERSEDED, CANCELLED, FAILED);
            case IN_PROGRESS ->
                EnumSet.of(SUCCESS, FAILED, ROLLED_BACK, ROLLBACK_FAILED, SKIPPED, INTERRUPTED, CANCELLED);
            // an operator's manual resolution ("mark deployment as complete")
            case FAILED, ROLLBACK_FAILED, INTERRUPTED -> EnumSet.of(SUCCESS, FAILED);
            case SUCCESS, ROLLED_BACK, SKIPPED, SUPERSEDED, CANCELLED -> EnumSet.noneOf(DeploymentStatus.class);
        };
    }

    public boolean canMoveTo(DeploymentStatus target) {
        return next().contains(target);
    }
}
