package io.fraisier.core.model;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What became of a deployment request. Expected results are values of this type; only "could not even
 * try" (unknown target, lock timeout, unreachable database) is a {@link FraisierException}.
 *
 * <p>Every variant except {@link Planned} carries the recorded {@link Deployment} row as it ended.
 * {@link #exitCode()} follows DESIGN.md: 0 ok, skipped or dry run; 6 failed or rolled back; 7 rollback
 * failed. Immutable and thread-safe.
 */
public sealed interface DeploymentOutcome {
    /** The target the request was for. */
    Target target();

    /** One line for humans, naming the target and versions; never a secret. */
    String summary();

    /** The CLI exit status of this outcome. */
    int exitCode();

    /** Whether an operator must act (only {@link RollbackFailed}). */
    default boolean needsOperator() {
        return false;
    }

    /** The target now runs {@code deployment.newVersion()}. */
    record Succeeded(Deployment deployment, Version.Direction direction) implements DeploymentOutcome {
        public Succeeded {
            Objects.requireNonNull(deployment, "deployment");
        }

        @Override
        public Target target() {
            return deployment.target();
        }

        @Override
        public String summary() {
            return "Deployed " + deployment.target() + " " + versions(deployment) + " ("
                    + direction.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }

        @Override
        public int exitCode() {
            return 0;
        }
    }

    /** The target already ran the version asked for and {@code force} was off; nothing changed. */
    record Skipped(Deployment deployment, String reason) implements DeploymentOutcome {
        @Override
        public Target target() {
            return deployment.target();
        }

        @Override
        public String summary() {
            return "Skipped " + deployment.target() + ": " + reason;
        }

        @Override
        public int exitCode() {
            return 0;
        }
    }

    /**
     * The deployment failed and the target runs what it ran before, or (first deployment, or
     * {@code auto_rollback: false}) whatever the failed step left.
     *
     * @param error the category ({@code deployment_failed}, {@code deployment_timeout},
     *     {@code health_check_failed}, {@code provider_unreachable}, {@code fenced}, …)
     * @param reason what went wrong
     * @param targetChanged whether the provider may have changed the target before failing
     */
    record Failed(Deployment deployment, ErrorCode error, String reason, boolean targetChanged)
            implements DeploymentOutcome {
        @Override
        public Target target() {
            return deployment.target();
        }

        @Override
        public String summary() {
            return "Deployment of " + deployment.target() + " failed (" + error.id() + "): " + reason;
        }

        @Override
        public int exitCode() {
            return ErrorCode.DEPLOYMENT_FAILED.exitCode();
        }
    }

    /**
     * The deployment broke the target and the previous version was deployed again and passed its
     * health check.
     *
     * @param error why the deployment failed
     * @param reason what went wrong
     * @param restored the version running again
     */
    record RolledBack(Deployment deployment, ErrorCode error, String reason, Version restored)
            implements DeploymentOutcome {
        @Override
        public Target target() {
            return deployment.target();
        }

        @Override
        public String summary() {
            return "Deployment of " + deployment.target() + " failed (" + error.id() + "): " + reason
                    + "; rolled back to " + restored;
        }

        @Override
        public int exitCode() {
            return ErrorCode.DEPLOYMENT_FAILED.exitCode();
        }
    }

    /**
     * The deployment broke the target and going back to the previous version failed too. The target's
     * state is unknown: an operator must act.
     *
     * @param error why the deployment failed
     * @param reason what went wrong
     * @param rollbackError why the rollback failed
     */
    record RollbackFailed(Deployment deployment, ErrorCode error, String reason, String rollbackError)
            implements DeploymentOutcome {
        @Override
        public Target target() {
            return deployment.target();
        }

        @Override
        public String summary() {
            Target t = deployment.target();
            return "Deployment of " + t + " failed (" + error.id() + "): " + reason + "; ROLLBACK FAILED: "
                    + rollbackError + ". Operator action required: check the service, then `fraisier rollback "
                    + t.fraise() + " " + t.environment() + "` or `fraisier resolve " + deployment.id() + "`.";
        }

        @Override
        public int exitCode() {
            return ErrorCode.ROLLBACK_FAILED.exitCode();
        }

        @Override
        public boolean needsOperator() {
            return true;
        }
    }

    /**
     * The request was replaced before it started: a newer request for the same target superseded it,
     * or it was cancelled. Nothing changed.
     */
    record Superseded(Deployment deployment) implements DeploymentOutcome {
        @Override
        public Target target() {
            return deployment.target();
        }

        @Override
        public String summary() {
            return "Deployment #" + deployment.id() + " of " + deployment.target() + " did not run: "
                    + deployment.status().dbValue();
        }

        @Override
        public int exitCode() {
            return deployment.status() == DeploymentStatus.CANCELLED ? ErrorCode.INTERRUPTED.exitCode() : 0;
        }
    }

    /**
     * An operator cancelled the running deployment ({@code fraisier cancel}, from any process): its step
     * was stopped, and the target rolled back when the step may have changed it. The row is
     * {@code cancelled}; exit status 130, as for Ctrl-C.
     *
     * @param request who asked and why
     * @param restored the version running again after the rollback (null: nothing was rolled back)
     */
    record Cancelled(
            Deployment deployment,
            CancelRequest request,
            @Nullable Version restored) implements DeploymentOutcome {
        @Override
        public Target target() {
            return deployment.target();
        }

        @Override
        public String summary() {
            return "Deployment #" + deployment.id() + " of " + deployment.target() + " was cancelled "
                    + request.describe()
                    + (restored == null ? "" : "; rolled back to " + restored);
        }

        @Override
        public int exitCode() {
            return ErrorCode.INTERRUPTED.exitCode();
        }
    }

    /**
     * A dry run: what a deployment would do. Nothing was written and no lock was taken.
     *
     * @param provider provider type
     * @param current what runs now (null when nothing was ever deployed)
     * @param targetVersion what would be deployed
     * @param direction how it would move
     * @param steps the provider's steps, in order
     * @param wouldSkip true when the versions are equal and {@code force} is off
     * @param freezes the freezes holding for the target now: a real run would be refused by them
     * @param freezeOverridden whether the request overrides them ({@code --override-freeze})
     */
    record Planned(
            Target target,
            String provider,
            @Nullable Version current,
            Version targetVersion,
            Version.Direction direction,
            List<String> steps,
            boolean wouldSkip,
            List<Freeze> freezes,
            boolean freezeOverridden)
            implements DeploymentOutcome {
        public Planned {
            steps = List.copyOf(steps);
            freezes = List.copyOf(freezes);
        }

        /** A plan of a target that is not frozen. */
        public Planned(
                Target target,
                String provider,
                @Nullable Version current,
                Version targetVersion,
                Version.Direction direction,
                List<String> steps,
                boolean wouldSkip) {
            this(target, provider, current, targetVersion, direction, steps, wouldSkip, List.of(), false);
        }

        /** This plan, knowing the freezes that hold for its target and whether the request overrides them. */
        public Planned withFreezes(List<Freeze> holding, boolean overridden) {
            return new Planned(
                    target, provider, current, targetVersion, direction, steps, wouldSkip, holding, overridden);
        }

        /** Whether a real run would be refused because the target is frozen (and not overridden). */
        public boolean wouldBeRefused() {
            return !freezes.isEmpty() && !freezeOverridden;
        }

        /**
         * One line on the freeze, or null when the target is not frozen: what a real run would meet, naming
         * the freeze, who set it, why and until when.
         */
        public @Nullable String freezeNote() {
            if (freezes.isEmpty()) {
                return null;
            }
            String more = freezes.size() > 1 ? " (and " + (freezes.size() - 1) + " more)" : "";
            return (freezeOverridden
                            ? "frozen: a real run would override the "
                            : "frozen: a real run would be refused (exit 4) by the ")
                    + freezes.getFirst().describe()
                    + more;
        }

        @Override
        public String summary() {
            return "Dry run for " + target + " (" + provider + "): " + (current == null ? "nothing deployed" : current)
                    + " -> " + targetVersion + (wouldSkip ? " (already up to date: would skip)" : "")
                    + (freezeNote() == null ? "" : "; " + freezeNote());
        }

        @Override
        public int exitCode() {
            return 0;
        }
    }

    private static String versions(Deployment d) {
        return (d.oldVersion() == null ? "(none)" : d.oldVersion().toString()) + " -> " + d.newVersion();
    }
}
