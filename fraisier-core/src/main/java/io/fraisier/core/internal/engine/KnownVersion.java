package io.fraisier.core.internal.engine;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.FraiseState;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.FraisierStore;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the database knows runs on a target, as opposed to what a provider finds checked out there.
 *
 * @param lastGood the version of the last {@code success} (or healthy {@code rolled_back}, or an
 *     operator's {@code resolve --as success}): {@code tb_fraise_state.current_version}; null before the
 *     first
 * @param inDoubt whether a later deployment ran against the target and ended without a healthy result
 *     ({@code failed}, {@code rollback_failed}, {@code interrupted}, {@code cancelled} after it started),
 *     so that {@code lastGood} may no longer be what runs
 */
record KnownVersion(@Nullable Version lastGood, boolean inDoubt) {
    /** How many past deployments are looked through for the last one that ran. */
    static final int LOOK_BACK = 50;

    static KnownVersion of(FraisierStore store, Target target) {
        Version lastGood =
                store.states().find(target).map(FraiseState::currentVersion).orElse(null);
        if (lastGood == null) {
            return new KnownVersion(null, false);
        }
        // the deployment that ended last among those that touched the target (skipped, superseded and
        // never-started rows did not); rows are listed by creation, so order them by their end (a loop, not
        // Comparator.comparing: its serializable lambdas are spun at run time on every dry run)
        Deployment last = null;
        for (Deployment d : store.deployments()
                .history(new HistoryQuery(target.fraise(), target.environment(), null, null, LOOK_BACK))) {
            if (ran(d) && (last == null || endedAfter(d, last))) {
                last = d;
            }
        }
        boolean healthy = last == null
                || last.status() == DeploymentStatus.SUCCESS
                || last.status() == DeploymentStatus.ROLLED_BACK;
        return new KnownVersion(lastGood, !healthy);
    }

    /** Whether {@code d} ran against the target and is over. */
    private static boolean ran(Deployment d) {
        return d.status().isTerminal()
                && d.startedAt() != null
                && d.completedAt() != null
                && d.status() != DeploymentStatus.SKIPPED
                && d.status() != DeploymentStatus.SUPERSEDED;
    }

    /** Whether {@code d} ended after {@code other} (the later id first when both ended at once). */
    private static boolean endedAfter(Deployment d, Deployment other) {
        int byEnd = Objects.requireNonNull(d.completedAt()).compareTo(Objects.requireNonNull(other.completedAt()));
        return byEnd > 0 || (byEnd == 0 && d.id() > other.id());
    }

    /** The version last known to run healthy, or null when there is none or it is in doubt. */
    @Nullable
    Version healthy() {
        return inDoubt ? null : lastGood;
    }

    /**
     * Whether a deployment of {@code target} has nothing to do: it is the version last known to run
     * healthy and the provider still finds it ({@code seen}). A target whose first deployment failed or
     * was killed has no such version, so it is deployed again.
     */
    boolean upToDate(@Nullable Version seen, Version target) {
        return target.equals(healthy()) && Objects.equals(seen, target);
    }
}
