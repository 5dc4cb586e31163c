package io.fraisier.core.spi;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());
}
