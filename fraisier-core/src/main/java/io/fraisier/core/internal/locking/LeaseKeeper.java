package io.fraisier.core.internal.locking;

import io.fraisier.core.model.LockLease;
import io.fraisier.core.spi.LockStore;
import io.fraisier.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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
    private final LockStore locks;
    private final Clock clock;
    private final Duration lease;
    private final Duration renewEvery;
    private final Sleeper ticker;

    private LockLease current;
    private Instant lastRenewal;
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
        while (!isStopped()) {
            try {
                ticker.sleep(renewEvery);
                renewIfDue();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a store hiccup: the next tick or checkpoint tries again; a lease that lapses meanwhile is
                // reported as lost by the store at that point
            }
        }
    }

    /**
     * Renews the lease if a third of it has passed; marks the keeper lost when the store refuses, or when
     * the store cannot be asked (a database outage) and the lease is within {@link #margin()} of its end:
     * it lapses by the clock all the same, and another process may then take the lock, so the run must stop
     * before that rather than go on beside the next one.
     *
     * @throws RuntimeException the store's failure, while the lease still has more than the margin left
     */
    public synchronized void renewIfDue() {
        if (stopped || lost) {
            return;
        }
        Instant now = clock.instant();
        if (now.isBefore(lastRenewal.plus(renewEvery))) {
            return;
        }
        Optional<LockLease> renewed;
        try {
            renewed = locks.renew(current, now, lease);
        } catch (RuntimeException e) {
            if (!now.isBefore(current.expiresAt().minus(margin()))) {
                lost = true;
                return;
            }
            throw e;
        }
        if (renewed.isEmpty()) {
            lost = true;
        } else {
            current = renewed.get();
            lastRenewal = now;
        }
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

    /** Stops renewing; after it returns no renewal will be written. */
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
