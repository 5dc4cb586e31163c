package io.fraisier.core.model;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A freeze of one target: deployments and rollbacks of it are refused while it holds. Either set by an
 * operator ({@code fraisier freeze}, stored) or computed from a {@code freeze_windows} entry of
 * {@code fraises.yaml} ({@link #window()} names it). A freeze without an end ({@code until} null) is a
 * pause, lifted only by {@code fraisier unfreeze}.
 *
 * @param target the frozen target
 * @param window the name of the declared window, or null for a manual freeze
 * @param setBy who set it ({@code user@host}), or {@code fraises.yaml} for a window
 * @param reason why
 * @param from when it began
 * @param until when it ends, or null: until lifted by hand
 */
public record Freeze(
        Target target,
        @Nullable String window,
        String setBy,
        String reason,
        Instant from,
        @Nullable Instant until) {
    public Freeze {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(setBy, "setBy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(from, "from");
        if (until != null && !until.isAfter(from)) {
            throw new IllegalArgumentException("a freeze must end after it begins: " + from + " .. " + until);
        }
    }

    /** Whether it holds at {@code now}: begun, and not yet ended. */
    public boolean isActiveAt(Instant now) {
        return !now.isBefore(from) && (until == null || now.isBefore(until));
    }

    /** Whether it was set by hand (not a declared window). */
    public boolean isManual() {
        return window == null;
    }

    /** One line for humans: which freeze, who, why, until when. */
    public String describe() {
        return (window == null ? "manual freeze" : "freeze window '" + window + "'") + " set by " + setBy + " (reason: "
                + reason + ") " + (until == null ? "with no end (paused)" : "until " + until);
    }
}
