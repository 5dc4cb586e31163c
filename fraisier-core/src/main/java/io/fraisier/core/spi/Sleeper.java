package io.fraisier.core.spi;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits; injected so that tests of retries, leases and timeouts run in milliseconds. Implementations
 * must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
    /**
     * Waits {@code duration}.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits {@code duration}, or less when {@code wake} turns true: it is asked before the wait and then
     * about every {@code check}. The engine uses it between health-check attempts, whose backoff runs up
     * to 30 s, so that an operator's cancel is seen within seconds rather than at the next attempt. The
     * default waits in slices of {@code check} through {@link #sleep(Duration)}; a fake that records its
     * waits overrides it to record {@code duration} once, as asked.
     *
     * @return true when {@code wake} cut the wait short, false when the whole duration passed
     * @throws InterruptedException when the waiting thread is interrupted
     */
    default boolean sleep(Duration duration, Duration check, BooleanSupplier wake) throws InterruptedException {
        Duration left = duration;
        while (left.isPositive()) {
            if (wake.getAsBoolean()) {
                return true;
            }
            Duration slice = check.isPositive() && check.compareTo(left) < 0 ? check : left;
            sleep(slice);
            left = left.minus(slice);
        }
        return false;
    }

    /**
     * Waits until {@code task} is done or {@code timeout} has passed, whichever comes first. The engine
     * uses it to bound a provider's step by the deployment {@code timeout}: a fake sleeper advances its
     * clock instead of waiting out a hung step.
     *
     * @return true when the task is done (completed, failed or cancelled), false when the time ran out
     * @throws InterruptedException when the waiting thread is interrupted
     */
    default boolean awaitDone(Future<?> task, Duration timeout) throws InterruptedException {
        try {
            task.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | CancellationException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** {@link Thread#sleep}: a class, not a lambda, whose class would be spun on every start (not AOT-cached). */
    Sleeper SYSTEM = new ThreadSleeper();
}
