package io.fraisier.core.testkit.fake;

import io.fraisier.core.spi.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Sleeper} that advances a {@link ManualClock} instead of waiting, and records every sleep so
 * that tests can assert backoffs. {@link #awaitDone} gives the task a short real grace (a quick fake step
 * finishes in it); a task still running after it is taken as hung, and the clock jumps by the whole
 * timeout. Thread-safe.
 */
public final class ManualSleeper implements Sleeper {
    private final ManualClock clock;
    private final List<Duration> sleeps = new ArrayList<>();
    private volatile Duration realGrace = Duration.ofSeconds(5);

    public ManualSleeper(ManualClock clock) {
        this.clock = clock;
    }

    /** How long (real time) {@link #awaitDone} lets a task finish before declaring it hung. */
    public ManualSleeper realGrace(Duration grace) {
        this.realGrace = grace;
        return this;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        synchronized (sleeps) {
            sleeps.add(duration);
        }
        clock.advance(duration);
        // let other threads (a lock holder finishing) run between polls
        Thread.yield();
    }

    @Override
    public boolean awaitDone(Future<?> task, Duration timeout) throws InterruptedException {
        try {
            task.get(realGrace.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | CancellationException e) {
            return true;
        } catch (TimeoutException e) {
            clock.advance(timeout);
            return false;
        }
    }

    /** Every {@link #sleep} so far, in order. */
    public List<Duration> sleeps() {
        synchronized (sleeps) {
            return List.copyOf(sleeps);
        }
    }

    public void clear() {
        synchronized (sleeps) {
            sleeps.clear();
        }
    }
}
