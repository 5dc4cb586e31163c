package io.fraisier.core.internal.engine;

import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.FraisierStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which freezes hold for a target now (the stored manual one, if not ended, and the declared windows),
 * and the refusal of a deployment of a frozen target. Thread-safe.
 */
public final class Freezes {
    private final FraisierConfig config;
    private final FraisierStore store;
    private final Clock clock;

    public Freezes(FraisierConfig config, FraisierStore store, Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    /** The freezes holding for {@code target} now: the manual one first, then windows in file order. */
    public List<Freeze> active(Target target) {
        Instant now = clock.instant();
        List<Freeze> out = new ArrayList<>();
        store.freezes().find(target).filter(f -> f.isActiveAt(now)).ifPresent(out::add);
        out.addAll(config.activeWindows(target, now));
        return out;
    }

    /** Every freeze holding now, for every configured target. */
    public List<Freeze> activeAll() {
        Instant now = clock.instant();
        List<Freeze> out = new ArrayList<>();
        store.freezes().list().stream().filter(f -> f.isActiveAt(now)).forEach(out::add);
        config.environments().forEach(e -> out.addAll(config.activeWindows(e.target(), now)));
        // a method reference, not Comparator.comparing: its serializable lambdas are spun at run time
        out.sort(Freezes::byTarget);
        return out;
    }

    private static int byTarget(Freeze a, Freeze b) {
        int byFraise = a.target().fraise().compareTo(b.target().fraise());
        return byFraise != 0
                ? byFraise
                : a.target().environment().compareTo(b.target().environment());
    }

    /**
     * Refuses to change a frozen target unless {@code overrideReason} is given.
     *
     * @return the freezes that were overridden (empty: not frozen)
     * @throws FraisierException {@link ErrorCode#FROZEN} naming the freeze, who set it, why and until when
     */
    public List<Freeze> check(Target target, String what, @Nullable String overrideReason) {
        List<Freeze> active = active(target);
        if (active.isEmpty() || overrideReason != null) {
            return active;
        }
        Freeze first = active.getFirst();
        throw new FraisierException(
                ErrorCode.FROZEN,
                target + " is frozen: " + what + " refused by the " + first.describe()
                        + (active.size() > 1 ? " (and " + (active.size() - 1) + " more)" : ""),
                first.isManual()
                        ? "Lift it with `fraisier unfreeze " + target.fraise() + " " + target.environment()
                                + "`, or pass --override-freeze --reason TEXT (recorded with the deployment)."
                        : "Wait for the window to end, or pass --override-freeze --reason TEXT (recorded with the"
                                + " deployment).");
    }

    /** Sets a manual freeze from now. */
    public Freeze freeze(Target target, @Nullable Instant until, String reason, String who) {
        config.environment(target);
        if (reason == null || reason.isBlank()) {
            throw new FraisierException(ErrorCode.USAGE, "--reason must say why the target is frozen", null);
        }
        Instant now = clock.instant();
        if (until != null && !until.isAfter(now)) {
            throw new FraisierException(
                    ErrorCode.USAGE, "--until " + until + " is not in the future (now: " + now + ")", null);
        }
        Freeze f = new Freeze(target, null, who, reason, now, until);
        store.freezes().put(f);
        return f;
    }
}
