package io.fraisier.core.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to deploy one target. Build it with {@link #of(Target)} and the {@code with…} methods.
 *
 * <p>Immutable and thread-safe.
 *
 * @param target fraise and environment
 * @param version the version asked for ({@code --version}); null for the provider's default (branch head,
 *     configured tag)
 * @param force deploy even when the target already runs that version
 * @param dryRun only report what would happen: nothing is written, no lock is taken
 * @param trigger what asked ({@code cli}, {@code webhook}, {@code api}, {@code rollback})
 * @param triggeredBy who asked (user, webhook sender); never a secret
 * @param gitBranch the branch of the request (may be null)
 * @param gitCommit the commit a webhook push names (may be null)
 * @param webhookEventId the stored webhook event that caused it (may be null)
 */
public record DeployRequest(
        Target target,
        @Nullable Version version,
        boolean force,
        boolean dryRun,
        Trigger trigger,
        @Nullable String triggeredBy,
        @Nullable String gitBranch,
        @Nullable String gitCommit,
        @Nullable Long webhookEventId) {
    public DeployRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(trigger, "trigger");
    }

    /** A request of the {@code api} trigger for the provider's default version. */
    public static DeployRequest of(Target target) {
        return new DeployRequest(target, null, false, false, Trigger.API, null, null, null, null);
    }

    public DeployRequest withVersion(@Nullable Version v) {
        return new DeployRequest(target, v, force, dryRun, trigger, triggeredBy, gitBranch, gitCommit, webhookEventId);
    }

    public DeployRequest withForce(boolean f) {
        return new DeployRequest(
                target, version, f, dryRun, trigger, triggeredBy, gitBranch, gitCommit, webhookEventId);
    }

    public DeployRequest withDryRun(boolean d) {
        return new DeployRequest(target, version, force, d, trigger, triggeredBy, gitBranch, gitCommit, webhookEventId);
    }

    /** Sets what asked and who. */
    public DeployRequest by(Trigger t, @Nullable String who) {
        return new DeployRequest(target, version, force, dryRun, t, who, gitBranch, gitCommit, webhookEventId);
    }

    /** Sets the git facts of a webhook push. */
    public DeployRequest fromGit(@Nullable String branch, @Nullable String commit, @Nullable Long eventId) {
        return new DeployRequest(target, version, force, dryRun, trigger, triggeredBy, branch, commit, eventId);
    }
}
