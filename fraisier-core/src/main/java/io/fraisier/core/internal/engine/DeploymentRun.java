package io.fraisier.core.internal.engine;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.health.HealthPolicy;
import io.fraisier.core.internal.health.HealthVerdict;
import io.fraisier.core.internal.locking.LeaseKeeper;
import io.fraisier.core.internal.locking.LeaseLostException;
import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * One deployment from {@code in_progress} to its terminal status, with the lock held: versions, skip,
 * provider steps within the timeout, health policy, automatic rollback. Used by one thread (provider
 * step reports arrive from the provider's thread and only record events and renew the lease).
 */
final class DeploymentRun extends LockedRunBase {
    private @Nullable DeploymentProvider provider;
    // the cancel watch is looked at each checkpoint and provider wait; false once the run acted on a
    // request or handles a failure: a rollback is never cut short
    private volatile boolean cancellable = true;

    DeploymentRun(EngineServices services, EnvironmentConfig env, LeaseKeeper keeper, Deployment started) {
        super(services, env, keeper, started);
    }

    /** Thrown by {@link #checkpoint()} when an operator asked the run to stop. */
    private static final class CancelSignal extends RuntimeException {
        private final transient CancelRequest request;

        CancelSignal(CancelRequest request) {
            super(request.describe(), null, false, false);
            this.request = request;
        }
    }

    /**
     * Renews the lease if due (throwing when it is lost), then looks for a cancel request.
     *
     * @throws CancelSignal when an operator asked the run to stop and it has not acted on it yet
     */
    private void checkpoint() {
        keeper.checkpoint();
        if (cancellable) {
            CancelRequest request = cancel.poll().orElse(null);
            if (request != null) {
                cancellable = false;
                throw new CancelSignal(request);
            }
        }
    }

    private boolean cancelRequested() {
        return cancellable && cancel.poll().isPresent();
    }

    @Override
    public DeploymentOutcome execute() throws InterruptedException {
        try {
            checkpoint();
            provider = services.providers().open(env);
            return body(provider);
        } catch (CancelSignal c) {
            // asked before the provider changed anything: nothing to roll back
            recorder().warn(row, "cancel", "cancel requested " + c.request.describe() + ": stopping before any change");
            Deployment d = finishCancelled(c.request, null, "; the target was not changed");
            return new DeploymentOutcome.Cancelled(d, c.request, null);
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            // the engine ends the row failed (an unreachable provider, an unexpected error): on_failure
            // runs first, still under the lock; not when the lease is lost, the write was fenced or the run
            // was interrupted, nor when the end's own hook already ran (its write failed: post_deploy of a
            // success must not be followed by on_failure)
            boolean interrupted = e instanceof FraisierException fe && fe.code() == ErrorCode.INTERRUPTED;
            boolean fenced = e instanceof FraisierException fe && fe.code() == ErrorCode.FENCED;
            if (!interrupted
                    && !fenced
                    && !endHookRan()
                    && !keeper.isLost()
                    && !Thread.currentThread().isInterrupted()) {
                if (hooks.beforeEnd(row, DeploymentStatus.FAILED, resolvedOld, resolvedTarget)) {
                    Thread.currentThread().interrupt();
                }
            }
            throw e;
        } finally {
            closeProvider();
        }
    }

    private DeploymentOutcome body(DeploymentProvider opened) throws InterruptedException {
        // what the provider finds (shown, and rolled back to) and what last ran healthy (decides the skip)
        Version old =
                ask("reading the running version", () -> opened.currentVersion().orElse(null));
        resolvedOld = old;
        KnownVersion known = KnownVersion.of(services.store(), row.target());
        Version target = Objects.requireNonNull(
                ask("resolving the version to deploy", () -> opened.resolveTarget(row.requestedVersion())));
        resolvedTarget = target;
        // on the row now, not only at the end: a run that dies mid-way is still marked with what it did
        services.store().deployments().recordVersions(row.id(), old, target);
        Version.Direction direction = old == null ? Version.Direction.INITIAL : old.directionTo(target);
        recorder()
                .info(
                        row,
                        "resolve",
                        "running " + (old == null ? "nothing yet" : old) + ", target " + target + " ("
                                + direction.name().toLowerCase(java.util.Locale.ROOT) + ")"
                                + (known.upToDate(old, target) || Objects.equals(old, known.healthy())
                                        ? ""
                                        : "; " + lastGood(known)));
        checkpoint();
        Version resolved = target;
        StalePush.Verdict verdict = pushToJudge()
                ? Objects.requireNonNull(
                        ask("checking that the push is not stale", () -> judgePush(opened, old, known, resolved)))
                : new StalePush.Verdict(null, target);
        if (verdict.refusal() != null) {
            return refusedAsStale(verdict.refusal(), old, target);
        }
        if (!verdict.deploy().equals(target)) {
            target = verdict.deploy();
            direction = old == null ? Version.Direction.INITIAL : old.directionTo(target);
        }
        if (known.upToDate(old, target) && !row.force()) {
            String reason = "already up to date at " + target;
            recorder().info(row, "skip", reason + " (--force deploys it again)");
            return skipped(reason, old, target, target, null);
        }
        String preDeploy = hooks.preDeploy(row, old, target);
        if (preDeploy != null) {
            // nothing was changed: no rollback, the deployment ends failed (exit 6)
            return failed(
                    new Failure(ErrorCode.DEPLOYMENT_FAILED, preDeploy + "; nothing was changed", false), old, target);
        }
        checkpoint();
        recorder().info(row, "deploy", "deploying " + target + " with provider " + env.provider());
        Failure failure = deployAndCheck("deploy", target, old);
        if (failure == null) {
            recorder().info(row, "done", "deployed " + target);
            return new DeploymentOutcome.Succeeded(
                    finish(DeploymentStatus.SUCCESS, old, target, target, null, null), direction);
        }
        return afterFailure(failure, old, target);
    }

    /**
     * {@link #bounded} watching for an operator's cancel too, which stops the run before any change.
     */
    private <T> @Nullable T ask(String what, Callable<@Nullable T> work) throws InterruptedException {
        return bounded(what, work, this::cancelRequested, () -> {
            CancelRequest request = cancel.poll().orElseThrow();
            cancellable = false;
            return new CancelSignal(request);
        });
    }

    /**
     * {@link #changedSince} after a failed step, bounded like the step: a provider that cannot tell in time
     * counts as changed, so that the rollback is attempted.
     */
    private boolean changedSinceBounded(DeploymentProvider p, @Nullable Version before) throws InterruptedException {
        try {
            return !Boolean.FALSE.equals(
                    bounded("reading the running version after the failed step", () -> changedSince(p, before)));
        } catch (FraisierException timedOut) {
            return true;
        }
    }

    /** Why the version found running is not taken as healthy. */
    private static String lastGood(KnownVersion known) {
        if (known.lastGood() == null) {
            return "no deployment of this target has succeeded yet";
        }
        return known.inDoubt()
                ? "the last deployment did not end healthy (last healthy: " + known.lastGood() + ")"
                : "last deployed healthy: " + known.lastGood();
    }

    /**
     * Why a deployment (or its rollback) failed, whether the target may have changed, and whether a
     * rollback is safe (not while a timed-out step that ignored its interrupt may still be running).
     */
    private record Failure(
            ErrorCode code,
            String reason,
            boolean changed,
            boolean stepStopped,
            @Nullable CancelRequest cancel) {
        Failure(ErrorCode code, String reason, boolean changed) {
            this(code, reason, changed, true, null);
        }

        Failure(ErrorCode code, String reason, boolean changed, boolean stepStopped) {
            this(code, reason, changed, stepStopped, null);
        }
    }

    /** Deploys {@code version} and runs the health policy; null when both passed. */
    private @Nullable Failure deployAndCheck(String phase, Version version, @Nullable Version before)
            throws InterruptedException {
        DeploymentProvider p = Objects.requireNonNull(provider);
        StepReporter steps = new StepReporter() {
            @Override
            public void step(String step, String message) {
                recorder().info(row, step, message);
                keeper.checkpoint();
            }

            @Override
            public void output(String step, String line) {
                // shown as it comes (-v), not stored: a failing step's error keeps the end of its output
                recorder().output(row, step, line);
            }

            @Override
            public void warning(String step, String message) {
                recorder().warn(row, step, message);
                keeper.checkpoint();
            }
        };
        TimedProviderCall.Result result = services.timedCall()
                .deploy(
                        row.target(),
                        p,
                        version,
                        steps,
                        env.timeout(),
                        keeper,
                        services.renewEvery(),
                        this::cancelRequested);
        switch (result.kind()) {
            case LEASE_LOST -> throw new LeaseLostException(keeper.current());
            case TIMED_OUT -> {
                String reason = phase + " of " + version + " did not finish within "
                        + env.timeout().toSeconds() + " s";
                recorder()
                        .error(
                                row,
                                phase,
                                reason + (result.stopped() ? "" : "; the provider step ignored the interrupt"));
                // the timed-out provider may still be busy: the rest of the run uses a fresh one
                closeProvider();
                provider = services.providers().open(env);
                return new Failure(ErrorCode.DEPLOYMENT_TIMEOUT, reason, true, result.stopped());
            }
            case FAILED -> {
                Throwable t = stepFailure(result);
                ErrorCode code = codeOf(t);
                String reason = phase + " of " + version + " failed: " + DeploymentEngine.describe(t);
                recorder().error(row, phase, reason);
                return new Failure(code, reason, changedSinceBounded(p, before));
            }
            case CANCELLED -> {
                CancelRequest request = cancel.poll().orElseThrow();
                cancellable = false;
                String reason = phase + " of " + version + " cancelled " + request.describe();
                recorder()
                        .warn(
                                row,
                                phase,
                                reason
                                        + (result.stopped()
                                                ? "; the step was stopped"
                                                : "; the provider step ignored the interrupt"));
                // the interrupted provider may still be busy: the rest of the run uses a fresh one
                closeProvider();
                provider = services.providers().open(env);
                return new Failure(ErrorCode.CANCELLED, reason, true, result.stopped(), request);
            }
            case DONE -> {}
        }
        HealthVerdict verdict;
        try {
            checkpoint();
            verdict = services.health().check(p, env.healthCheck(), healthObserver());
            checkpoint();
        } catch (CancelSignal c) {
            String reason = phase + " of " + version + " cancelled " + c.request.describe();
            recorder().warn(row, phase, reason + " during its health check");
            return new Failure(ErrorCode.CANCELLED, reason, true, true, c.request);
        }
        if (verdict.healthy()) {
            if (verdict.attempts() > 0) {
                recorder().info(row, "health", version + " is healthy: " + verdict.detail());
            }
            return null;
        }
        String reason = "health check of " + version + " failed after " + verdict.attempts() + " attempt(s): "
                + verdict.detail();
        recorder().error(row, "health", reason);
        return new Failure(ErrorCode.HEALTH_CHECK_FAILED, reason, true);
    }

    private DeploymentOutcome afterFailure(Failure failure, @Nullable Version old, Version target)
            throws InterruptedException {
        // a request that arrives from now on finds the run already ending: the rollback is what it would
        // lead to anyway, so it is not cut short
        cancellable = false;
        if (!failure.changed()) {
            recorder().info(row, "rollback", "the target still runs " + old + ": nothing to roll back");
            return failed(failure, old, target);
        }
        if (!env.autoRollback()) {
            recorder().warn(row, "rollback", "auto_rollback is off: the target is left as the failed step left it");
            return failed(failure, old, target);
        }
        if (old == null) {
            recorder()
                    .warn(row, "rollback", "nothing to roll back to: this was the first deployment of " + row.target());
            return failed(failure, old, target);
        }
        if (!failure.stepStopped()) {
            String why = "not attempted: the timed-out step did not stop when interrupted and may still be changing"
                    + " the target";
            recorder().error(row, "rollback", "ROLLBACK FAILED, operator action required: " + why);
            Deployment d = finish(
                    DeploymentStatus.ROLLBACK_FAILED,
                    old,
                    target,
                    null,
                    ErrorCode.ROLLBACK_FAILED.id(),
                    failure.reason() + "; rollback " + why);
            return new DeploymentOutcome.RollbackFailed(d, failure.code(), failure.reason(), why);
        }
        recorder().warn(row, "rollback", "rolling back to " + old);
        Failure rollback;
        try {
            rollback = deployAndCheck("rollback", old, target);
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            rollback = new Failure(ErrorCode.DEPLOYMENT_FAILED, DeploymentEngine.describe(e), true);
        }
        if (rollback == null) {
            recorder().info(row, "rollback", "rolled back to " + old + ", which is healthy");
            if (failure.cancel() != null) {
                Deployment d = finishCancelled(failure.cancel(), old, "; rolled back to " + old);
                return new DeploymentOutcome.Cancelled(d, failure.cancel(), old);
            }
            Deployment d = finish(
                    DeploymentStatus.ROLLED_BACK,
                    old,
                    target,
                    old,
                    failure.code().id(),
                    failure.reason());
            return new DeploymentOutcome.RolledBack(d, failure.code(), failure.reason(), old);
        }
        String message = failure.reason() + "; rollback to " + old + " failed: " + rollback.reason();
        recorder()
                .error(
                        row,
                        "rollback",
                        "ROLLBACK FAILED, operator action required: the state of " + row.target() + " is unknown");
        Deployment d =
                finish(DeploymentStatus.ROLLBACK_FAILED, old, target, null, ErrorCode.ROLLBACK_FAILED.id(), message);
        return new DeploymentOutcome.RollbackFailed(d, failure.code(), failure.reason(), rollback.reason());
    }

    private DeploymentOutcome failed(Failure failure, @Nullable Version old, Version target) {
        if (failure.cancel() != null) {
            Deployment d = finishCancelled(failure.cancel(), null, "; not rolled back");
            return new DeploymentOutcome.Cancelled(d, failure.cancel(), null);
        }
        return failed(failure.code(), failure.reason(), failure.changed(), old, target);
    }

    private HealthPolicy.Observer healthObserver() {
        return new HealthPolicy.Observer() {
            @Override
            public void attempt(int number, int of, ProbeResult result) {
                recordHealthAttempt("", number, of, result);
                checkpoint();
            }

            @Override
            public boolean stopWaiting() {
                // the checkpoint after the health check acts on either (rolls back, or gives the lease up)
                return keeper.isLost() || cancelRequested();
            }

            @Override
            public void waiting(int retry, Duration backoff) {
                recorder().info(row, "health", "retry " + retry + " in " + backoff.toMillis() + " ms");
                checkpoint();
            }
        };
    }

    private void closeProvider() {
        DeploymentProvider p = provider;
        provider = null;
        closeQuietly(p);
    }
}
