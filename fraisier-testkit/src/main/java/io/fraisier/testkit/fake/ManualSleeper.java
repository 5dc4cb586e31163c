package io.fraisier.testkit.fake;

import io.fraisier.core.spi.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

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
    private volatile Consumer<Duration> onSleep = d -> {};

    public ManualSleeper(ManualClock clock) {
        this.clock = clock;
    }

    /** How long (real time) {@link #awaitDone} lets a task finish before declaring it hung. */
    public ManualSleeper realGrace(Duration grace) {
        this.realGrace = grace;
        return this;
    }

    /** Runs {@code hook} with the duration asked at the start of every sleep (e.g. to cancel during one). */
    public ManualSleeper onSleep(Consumer<Duration> hook) {
        this.onSleep = hook;
        return this;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        begin(duration);
        clock.advance(duration);
        // let other threads (a lock holder finishing) run between polls
        Thread.yield();
    }

    /**
     * Records {@code duration} as asked (one entry, not one per slice), then advances the clock by
     * {@code check} at a time until it has passed or {@code wake} turns true.
     */
    @Override
    public boolean sleep(Duration duration, Duration check, BooleanSupplier wake) throws InterruptedException {
        begin(duration);
        Duration left = duration;
        while (left.isPositive()) {
            if (wake.getAsBoolean()) {
                return true;
            }
            Duration slice = check.isPositive() && check.compareTo(left) < 0 ? check : left;
            clock.advance(slice);
            left = left.minus(slice);
            Thread.yield();
        }
        return false;
    }

    private void begin(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        synchronized (sleeps) {
            sleeps.add(duration);
        }
        onSleep.accept(duration);
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
