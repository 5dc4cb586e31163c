package io.fraisier.core.internal.locking;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.spi.LockStore;
import io.fraisier.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one deployment's lease alive. The engine calls {@link #checkpoint()} between steps (and a
 * provider's step reports do too); a background thread renews as well, for provider steps that stay
 * silent for longer than the lease. A renewal is due once a third of the lease has passed, by the
 * injected clock. Once the store says the lease is gone, the keeper stays lost and every checkpoint
 * throws {@link LeaseLostException}.
 *
 * <p>Thread-safe.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Duration MAX_ANSWER_WAIT = Duration.ofSeconds(5);

    /** Each renewal's store call runs on a daemon thread of its own, so that a silent database holds only it. */
    private static final Executor RENEWER =
            r -> Thread.ofPlatform().daemon().name("fraisier-lease-renewal").start(r);

    private final LockStore locks;
    private final Clock clock;
    private final Duration lease;
    private final Duration renewEvery;
    private final Sleeper ticker;

    private LockLease current;
    private Instant lastRenewal;
    /** The renewal the store has not answered yet, and when it was asked; guarded by this. */
    private @Nullable CompletableFuture<Optional<LockLease>> inFlight;

    private Instant inFlightAt = Instant.EPOCH;

    /** When the renewal in flight was asked, by {@link System#nanoTime}; guarded by this. */
    private long inFlightSince;

    private boolean lost;
    private boolean stopped;
    private Thread thread;

    /**
     * @param ticker how the background thread waits between renewals (real time in production)
     */
    public LeaseKeeper(LockStore locks, Clock clock, LockLease acquired, Duration lease, Sleeper ticker) {
        this.locks = locks;
        this.clock = clock;
        this.lease = lease;
        this.renewEvery = lease.dividedBy(3);
        this.ticker = ticker;
        this.current = acquired;
        this.lastRenewal = acquired.acquiredAt();
    }

    /** Starts the background renewer (a daemon thread). */
    public synchronized void start() {
        thread = Thread.ofPlatform()
                .daemon()
                .name("fraisier-lease-" + current.target())
                .start(this::renewInBackground);
    }

    private void renewInBackground() {
        Duration wait = renewEvery;
        while (!isStopped()) {
            try {
                ticker.sleep(wait);
                renewIfDue();
                wait = renewEvery;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a store hiccup or a silent database: asked again soon, so that a lease about to lapse is
                // counted lost in time even when no checkpoint comes
                wait = margin().dividedBy(2);
            }
        }
    }

    /**
     * Renews the lease if a third of it has passed; marks the keeper lost when the store refuses, or when
     * the store cannot be asked (a database outage) and the lease is within {@link #margin()} of its end:
     * it lapses by the clock all the same, and another process may then take the lock, so the run must stop
     * before that rather than go on beside the next one.
     *
     * <p>The store is asked on a renewal thread of its own, and callers wait for its answer at most
     * {@link #answerWait()} after it was asked: a database that stops answering (a black-holed network, a
     * stuck server) must not hold the caller, which is often the thread that has to stop a provider step
     * when the lease is lost.
     * A renewal still in flight is not asked again; the next calls wait for the same answer and, once the
     * lease is within the margin of its end, count it lost.
     *
     * @throws RuntimeException the store's failure, or {@link ErrorCode#DATABASE_UNAVAILABLE} when it did
     *     not answer in time, while the lease still has more than the margin left
     */
    public void renewIfDue() {
        CompletableFuture<Optional<LockLease>> call;
        long wait;
        synchronized (this) {
            if (stopped || lost) {
                return;
            }
            Instant now = clock.instant();
            if (now.isBefore(lastRenewal.plus(renewEvery))) {
                return;
            }
            if (inFlight == null) {
                LockLease asked = current;
                inFlight = CompletableFuture.supplyAsync(() -> locks.renew(asked, now, lease), RENEWER);
                inFlightAt = now;
                inFlightSince = System.nanoTime();
            }
            call = inFlight;
            // what is left of the answer's wait: a renewal the store has been silent on for longer is not
            // waited for again by each caller (a step's watcher asks every second)
            wait = Math.max(0, answerWait().toNanos() - (System.nanoTime() - inFlightSince));
        }
        Optional<LockLease> renewed;
        try {
            renewed = call.get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (lostIfLapsing()) {
                return;
            }
            throw new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "The lease of " + current().target() + " could not be renewed: the database has not answered for "
                            + Duration.between(inFlightAt(call), clock.instant())
                                    .toSeconds() + " s",
                    "Check the database; the deployment stops before its lease could lapse.");
        } catch (ExecutionException e) {
            forget(call);
            if (lostIfLapsing()) {
                return;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("lease renewal failed", e.getCause());
        } catch (InterruptedException e) {
            // the caller is being stopped: it decides what to do; the answer is taken by the next call
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            if (inFlight != call) {
                return; // another caller took this answer
            }
            inFlight = null;
            if (lost || stopped) {
                return; // counted lost while the store was silent: it stays lost
            }
            if (renewed.isEmpty()) {
                lost = true;
            } else {
                current = renewed.get();
                lastRenewal = inFlightAt;
            }
        }
    }

    /** Marks the keeper lost when the lease, not renewed, is within the margin of its end (by the clock now). */
    private synchronized boolean lostIfLapsing() {
        if (!clock.instant().isBefore(current.expiresAt().minus(margin()))) {
            lost = true;
        }
        return lost;
    }

    private synchronized void forget(CompletableFuture<Optional<LockLease>> call) {
        if (inFlight == call) {
            inFlight = null;
        }
    }

    private synchronized Instant inFlightAt(CompletableFuture<Optional<LockLease>> call) {
        return inFlight == call ? inFlightAt : lastRenewal;
    }

    /**
     * How long a caller of {@link #renewIfDue} waits for the store's answer: half the margin, at most 5 s (a
     * healthy database answers in milliseconds).
     */
    Duration answerWait() {
        Duration half = margin().dividedBy(2);
        return half.compareTo(MAX_ANSWER_WAIT) < 0 ? half : MAX_ANSWER_WAIT;
    }

    /**
     * Renews if due.
     *
     * @throws LeaseLostException when the lease is gone
     */
    public void checkpoint() {
        renewIfDue();
        if (isLost()) {
            throw new LeaseLostException(current());
        }
    }

    /** How long before its end a lease that could not be renewed counts as lost: half a renewal period. */
    Duration margin() {
        return renewEvery.dividedBy(2);
    }

    public synchronized boolean isLost() {
        return lost;
    }

    /** The lease as last renewed. */
    public synchronized LockLease current() {
        return current;
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /**
     * Stops renewing; after it returns no renewal starts. One the store has not answered yet may still
     * land, and can only extend this holder's own row ({@link LockStore#renew} matches holder and fencing
     * token), which the release that follows a close deletes.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            stopped = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
