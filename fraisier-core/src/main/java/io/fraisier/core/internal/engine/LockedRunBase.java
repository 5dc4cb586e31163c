package io.fraisier.core.internal.engine;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.locking.LeaseKeeper;
import io.fraisier.core.internal.locking.LeaseLostException;
import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentUpdate;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a run on one host ({@link DeploymentRun}) and a fleet rollout ({@link FleetRun}) do the same
 * way: the row as last written, the versions resolved so far, and how the row is ended (the hooks that
 * run before the end, then the terminal status written with the lease's fencing token). Each subclass
 * keeps its own flow.
 */
abstract sealed class LockedRunBase implements LockedRun permits DeploymentRun, FleetRun {
    final EngineServices services;
    final EnvironmentConfig env;
    final LeaseKeeper keeper;
    volatile Deployment row;
    // what the run found and aimed at, so that a run cut short still records both
    volatile @Nullable Version resolvedOld;
    volatile @Nullable Version resolvedTarget;
    /** Set by {@link #finish} once the end's hook ran. */
    private volatile boolean endHookRan;
    // an operator's request to stop (fraisier cancel)
    final CancelWatch cancel;
    // the environment's hooks: pre_deploy before anything changes, the others before the end
    final HookSteps hooks;
    // what a webhook push (not forced) was judged with (judgePush): the requests it superseded in the
    // queue are judged the same way when it is skipped; null for other requests
    private SupersededRequests.@Nullable Judge judge;

    LockedRunBase(EngineServices services, EnvironmentConfig env, LeaseKeeper keeper, Deployment started) {
        this.services = services;
        this.env = env;
        this.keeper = keeper;
        this.row = started;
        this.cancel = new CancelWatch(services.store().deployments(), started.id(), services.clock());
        this.hooks = new HookSteps(services.hookRunner(), services.recorder(), env.hooks());
    }

    @Override
    public final Deployment row() {
        return row;
    }

    /** The token of the lease as last renewed. */
    @Override
    public final long fencingToken() {
        return keeper.current().fencingToken();
    }

    /** The version found running, once resolved (null before, or when nothing ran). */
    @Override
    public final @Nullable Version resolvedOld() {
        return resolvedOld;
    }

    /** The version being deployed, once resolved (null before). */
    @Override
    public final @Nullable Version resolvedTarget() {
        return resolvedTarget;
    }

    final EventRecorder recorder() {
        return services.recorder();
    }

    /** Records one attempt of a health check: an event ({@code prefix} names a fleet's host) and its result. */
    final void recordHealthAttempt(String prefix, int number, int of, ProbeResult result) {
        recorder()
                .event(
                        row,
                        "health",
                        result.healthy() ? DeploymentEvent.Level.INFO : DeploymentEvent.Level.WARN,
                        prefix + "attempt " + number + "/" + of + ": " + (result.healthy() ? "healthy" : "unhealthy")
                                + " (" + result.detail() + ", " + result.took().toMillis() + " ms)");
        recorder().healthAttempt(row, result);
    }

    /**
     * Judges a webhook push that is not forced ({@link StalePush}), before anything changes; a request of
     * another trigger, or a forced one, is deployed as asked. Records why a push is refused, with how to
     * deploy it deliberately, or that the branch's newer head is deployed instead: the row's versions then
     * name the head.
     *
     * @param asked the provider asked for branch heads and commit ancestry
     * @param seen what the provider finds running (null: nothing, or unknown)
     * @param known what the database knows ran healthy
     * @param target the version the request resolved to
     */
    final StalePush.Verdict judgePush(
            DeploymentProvider asked, @Nullable Version seen, KnownVersion known, Version target) {
        if (!pushToJudge()) {
            return new StalePush.Verdict(null, target);
        }
        judge = new SupersededRequests.Judge(asked, seen, known);
        StalePush.Verdict verdict = StalePush.of(asked, services.store().deployments(), row, seen, known)
                .check(target);
        if (verdict.refusal() != null) {
            recorder().warn(row, "skip", verdict.refusal() + " (`fraisier deploy --version` deploys it deliberately)");
        } else if (!verdict.deploy().equals(target)) {
            // a newer push moved the branch on (and may have been coalesced into this request): what a
            // push to the branch deploys is its head
            recorder()
                    .warn(
                            row,
                            "stale",
                            "the push names " + target.shortForm() + ", but branch " + row.gitBranch() + " is at "
                                    + verdict.deploy().shortForm() + " now: deploying the head");
            resolvedTarget = verdict.deploy();
            services.store().deployments().recordVersions(row.id(), resolvedOld, verdict.deploy());
        }
        return verdict;
    }

    /** Whether this run is a webhook push that is not forced, which {@link #judgePush} judges. */
    final boolean pushToJudge() {
        return row.trigger() == Trigger.WEBHOOK && !row.force();
    }

    /** {@link #bounded(String, Callable, BooleanSupplier, Supplier)} without watching for a cancel. */
    final <T> @Nullable T bounded(String what, Callable<@Nullable T> work) throws InterruptedException {
        return bounded(what, work, () -> false, IllegalStateException::new);
    }

    /**
     * A provider call made before anything changes (the running version, the version to deploy, branch
     * heads and ancestry), bounded and watched like a step ({@link TimedProviderCall#call}): a peer that
     * stops answering (a registry in the middle of a pull, a git remote, a frozen Docker daemon whose
     * socket ignores every timeout) must not hold the target's lock for ever.
     *
     * @param cancelled whether an operator asked the run to stop (the call is then interrupted)
     * @param onCancel what to throw then
     * @throws FraisierException {@code PROVIDER_UNREACHABLE} when it did not answer within the
     *     environment's {@code timeout}
     */
    final <T> @Nullable T bounded(
            String what, Callable<@Nullable T> work, BooleanSupplier cancelled, Supplier<RuntimeException> onCancel)
            throws InterruptedException {
        TimedProviderCall.Answer<T> answer =
                services.timedCall().call(row.target(), work, env.timeout(), keeper, services.renewEvery(), cancelled);
        TimedProviderCall.Result result = answer.result();
        return switch (result.kind()) {
            case DONE -> answer.value();
            case FAILED -> throw rethrown(Objects.requireNonNull(result.failure()));
            case LEASE_LOST -> throw new LeaseLostException(keeper.current());
            case CANCELLED -> throw onCancel.get();
            case TIMED_OUT ->
                throw new FraisierException(
                        ErrorCode.PROVIDER_UNREACHABLE,
                        what + " with provider " + env.provider() + " for " + row.target()
                                + " did not finish within " + env.timeout().toSeconds() + " s"
                                + (result.stopped() ? "" : "; the provider call ignored the interrupt")
                                + "; nothing was changed",
                        "Check that what the provider talks to answers (the host, the Docker daemon and its"
                                + " registry, the git remote, the API): `fraisier provider-test "
                                + row.target().fraise() + " " + row.target().environment()
                                + "`. The environment's timeout bounds each call.");
        };
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            return e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(failure);
    }

    /** Ends the row {@code skipped} as a stale push ({@code refusal} starts with {@code stale}). */
    final DeploymentOutcome.Skipped refusedAsStale(String refusal, @Nullable Version old, Version target) {
        return skipped(refusal, old, target, null, refusal);
    }

    /**
     * Ends the row {@code skipped}: stale ({@code errorMessage} set), or already up to date ({@code
     * stateVersion} the target). A webhook push first gives back its place in the queue: the newest request
     * it superseded that would not be skipped too is queued again ({@link SupersededRequests}). First, so
     * that a skip whose final write fails (the database went away, the run was fenced) or a process killed
     * between the two never leaves that request superseded for good: it would not deploy until pushed again.
     * When the give-back fails the skip stands, and the failure is logged.
     *
     * @param reason why, as the outcome says it
     */
    final DeploymentOutcome.Skipped skipped(
            String reason,
            @Nullable Version old,
            Version target,
            @Nullable Version stateVersion,
            @Nullable String errorMessage) {
        if (judge != null) {
            SupersededRequests.Judge judged = judge;
            Deployment skipping = row;
            try {
                // bounded like the calls before a change: the judgement may ask the git host again
                bounded(
                        "queueing again the request that deployment #" + skipping.id() + " superseded",
                        () -> new SupersededRequests(services, env).giveBack(skipping, reason, judged));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                System.getLogger(LockedRunBase.class.getName())
                        .log(
                                System.Logger.Level.WARNING,
                                "could not queue again the request that deployment #" + skipping.id() + " superseded",
                                e);
            }
        }
        Deployment d = finish(DeploymentStatus.SKIPPED, old, target, stateVersion, null, errorMessage);
        return new DeploymentOutcome.Skipped(d, reason);
    }

    /**
     * Writes a terminal status with this run's fencing token, after post_deploy or on_failure (still
     * under the lock, before the status is final); an interrupt a hook swallowed is restored afterwards.
     */
    final Deployment finish(
            DeploymentStatus to,
            @Nullable Version old,
            @Nullable Version target,
            @Nullable Version stateVersion,
            @Nullable String errorType,
            @Nullable String errorMessage) {
        boolean interrupted = hooks.beforeEnd(row, to, old, target);
        endHookRan = true;
        DeploymentUpdate update = new DeploymentUpdate(
                row.id(),
                DeploymentStatus.IN_PROGRESS,
                to,
                keeper.current().fencingToken(),
                services.clock().instant(),
                old,
                target,
                stateVersion,
                errorType,
                errorMessage,
                null,
                null);
        try {
            // through a database restart: a blip at the end must not turn what happened into "failed"
            row = StoreRetry.call(
                    services,
                    "recording the end of deployment #" + update.deploymentId(),
                    () -> services.store().deployments().transition(update));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        recorder().flush(); // the events a database blip kept back, now that the end is written
        recorder().status(row);
        return row;
    }

    /**
     * Whether {@link #finish} ran the end's hook (post_deploy, on_failure): a failure to write that end
     * afterwards (a fenced write, a database gone for good) must not run on_failure after it.
     */
    final boolean endHookRan() {
        return endHookRan;
    }

    /** Ends the row {@code failed}. */
    final DeploymentOutcome.Failed failed(
            ErrorCode code, String reason, boolean changed, @Nullable Version old, Version target) {
        Deployment d = finish(DeploymentStatus.FAILED, old, target, null, code.id(), reason);
        return new DeploymentOutcome.Failed(d, code, reason, changed);
    }

    /** Ends the row {@code cancelled}, naming who asked and why; {@code what} says what became of the target. */
    final Deployment finishCancelled(CancelRequest request, @Nullable Version stateVersion, String what) {
        String message = "cancelled " + request.describe() + what;
        recorder().warn(row, "cancel", message);
        return finish(
                DeploymentStatus.CANCELLED,
                resolvedOld,
                resolvedTarget,
                stateVersion,
                ErrorCode.CANCELLED.id(),
                message);
    }

    /**
     * The error of a provider step that failed; a lost lease (the step's own, or seen since) is thrown
     * instead.
     */
    final Throwable stepFailure(TimedProviderCall.Result result) {
        Throwable t = Objects.requireNonNull(result.failure());
        if (t instanceof LeaseLostException || keeper.isLost()) {
            throw new LeaseLostException(keeper.current());
        }
        return t;
    }

    /** The error code a failed step ends with: its own, else {@code deployment_failed}. */
    static ErrorCode codeOf(Throwable t) {
        return t instanceof FraisierException fe ? fe.code() : ErrorCode.DEPLOYMENT_FAILED;
    }

    static boolean changedSince(DeploymentProvider p, @Nullable Version before) {
        try {
            return !Objects.equals(p.currentVersion().orElse(null), before);
        } catch (RuntimeException e) {
            // cannot tell what runs: assume the step changed it, so that a rollback is attempted
            return true;
        }
    }

    static void closeQuietly(@Nullable DeploymentProvider p) {
        if (p != null) {
            try {
                p.close();
            } catch (RuntimeException e) {
                // close() must not throw; one that does cannot change the run's outcome
            }
        }
    }
}
