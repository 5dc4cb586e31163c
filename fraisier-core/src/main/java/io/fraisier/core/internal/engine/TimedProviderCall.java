package io.fraisier.core.internal.engine;

import io.fraisier.core.internal.locking.LeaseKeeper;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.Sleeper;
import io.fraisier.core.spi.StepReporter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link DeploymentProvider#deploy} on its own thread and waits for it at most the deployment
 * timeout (by the injected clock and sleeper), waking every lease-renewal period (at most every
 * {@link CancelWatch#POLL}) so that the lease is renewed, a lost lease stops the wait and an operator's
 * cancel request is seen. A step that overruns or is cancelled is interrupted, and so is one whose wait
 * ends any other way: a lease that cannot be renewed (the database away) counts as lost shortly before
 * it would lapse ({@link LeaseKeeper#renewIfDue}), so the step never runs on beside the next holder.
 */
final class TimedProviderCall {
    /** How long an interrupted provider step gets to stop before the engine moves on without it. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Clock clock;
    private final Sleeper sleeper;

    TimedProviderCall(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    enum Kind {
        DONE,
        FAILED,
        TIMED_OUT,
        LEASE_LOST,
        /** An operator asked the deployment to stop ({@code fraisier cancel}); the step was interrupted. */
        CANCELLED
    }

    /**
     * @param failure the provider's exception for {@link Kind#FAILED}
     * @param stopped for {@link Kind#TIMED_OUT}, {@link Kind#LEASE_LOST} and {@link Kind#CANCELLED}: whether the interrupted step
     *     actually ended within the grace period
     */
    record Result(Kind kind, @Nullable Throwable failure, boolean stopped) {}

    /** A {@link Result} with the value a {@link #call} returned for {@link Kind#DONE}. */
    record Answer<T>(Result result, @Nullable T value) {}

    Result deploy(
            Target target,
            DeploymentProvider provider,
            Version version,
            StepReporter steps,
            Duration timeout,
            LeaseKeeper keeper,
            Duration slice,
            java.util.function.BooleanSupplier cancelled)
            throws InterruptedException {
        return call(
                        target,
                        () -> {
                            provider.deploy(version, steps);
                            return null;
                        },
                        timeout,
                        keeper,
                        slice,
                        cancelled)
                .result();
    }

    /**
     * Runs any provider call ({@code currentVersion}, {@code resolveTarget}: an image pull, a {@code git
     * ls-remote} against a silent remote) the way {@link #deploy} runs a step: on its own thread, for at most
     * {@code timeout}, renewing the lease and watching for a lost lease or a cancel request meanwhile, and
     * interrupting it when the wait ends any other way than its answer.
     */
    <T> Answer<T> call(
            Target target,
            Callable<T> work,
            Duration timeout,
            LeaseKeeper keeper,
            Duration slice,
            java.util.function.BooleanSupplier cancelled)
            throws InterruptedException {
        FutureTask<T> task = new FutureTask<>(work);
        CompletableFuture<Void> exited = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("fraisier-provider-" + target).start(() -> {
            try {
                task.run();
            } finally {
                exited.complete(null);
            }
        });
        Instant deadline = clock.instant().plus(timeout);
        try {
            while (true) {
                Duration remaining = Duration.between(clock.instant(), deadline);
                if (!remaining.isPositive()) {
                    return new Answer<>(new Result(Kind.TIMED_OUT, null, stop(task, exited)), null);
                }
                Duration wait = slice.compareTo(CancelWatch.POLL) < 0 ? slice : CancelWatch.POLL;
                boolean done = sleeper.awaitDone(task, remaining.compareTo(wait) < 0 ? remaining : wait);
                try {
                    keeper.renewIfDue();
                } catch (RuntimeException storeFailure) {
                    // the database cannot renew now: the step goes on while the lease lasts; the keeper
                    // counts it lost (and the step is stopped below) before it could lapse
                }
                if (keeper.isLost()) {
                    return new Answer<>(new Result(Kind.LEASE_LOST, null, done || stop(task, exited)), null);
                }
                if (done) {
                    return finished(task);
                }
                if (cancelled.getAsBoolean()) {
                    // as on a timeout: the step is interrupted (a command's process tree killed, an SSH
                    // channel closed, polling stopped) and given the grace period to end
                    return new Answer<>(new Result(Kind.CANCELLED, null, stop(task, exited)), null);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            // whatever ends the wait, the step must not run on unwatched, outside the lock
            stop(task, exited);
            throw e;
        }
    }

    private static <T> Answer<T> finished(FutureTask<T> task) throws InterruptedException {
        try {
            return new Answer<>(new Result(Kind.DONE, null, true), task.get());
        } catch (ExecutionException e) {
            return new Answer<>(new Result(Kind.FAILED, e.getCause(), true), null);
        }
    }

    private boolean stop(FutureTask<?> task, CompletableFuture<Void> exited) throws InterruptedException {
        task.cancel(true);
        return sleeper.awaitDone(exited, STOP_GRACE);
    }
}
