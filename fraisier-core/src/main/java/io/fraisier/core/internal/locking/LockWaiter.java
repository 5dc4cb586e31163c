package io.fraisier.core.internal.locking;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.LockStore;
import io.fraisier.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Takes a target's lock, polling {@link LockStore#tryAcquire} with a short doubling backoff until
 * {@code lock_timeout}. Thread-safe (stateless apart from its collaborators).
 */
public final class LockWaiter {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final LockStore locks;
    private final Clock clock;
    private final Sleeper sleeper;

    public LockWaiter(LockStore locks, Clock clock, Sleeper sleeper) {
        this.locks = locks;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Waits for the lock of {@code target}.
     *
     * @throws FraisierException {@code LOCK_TIMEOUT} naming the holder and how to release the lock
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public LockLease acquire(Target target, String holder, long deploymentId, Duration lockTimeout, Duration lease)
            throws InterruptedException {
        return acquire(target, holder, deploymentId, lockTimeout, lease, () -> false)
                .orElseThrow();
    }

    /**
     * Waits for the lock of {@code target}, giving up as soon as {@code giveUp} says so (asked between
     * attempts: a queued deployment that an operator cancelled).
     *
     * @return the lease, or empty when {@code giveUp} said to stop waiting
     * @throws FraisierException {@code LOCK_TIMEOUT} naming the holder and how to release the lock
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public Optional<LockLease> acquire(
            Target target,
            String holder,
            long deploymentId,
            Duration lockTimeout,
            Duration lease,
            java.util.function.BooleanSupplier giveUp)
            throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(lockTimeout);
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            Instant now = clock.instant();
            Optional<LockLease> got = locks.tryAcquire(target, holder, deploymentId, now, lease);
            if (got.isPresent()) {
                return got;
            }
            if (giveUp.getAsBoolean()) {
                return Optional.empty();
            }
            Duration remaining = Duration.between(now, deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                throw timedOut(target, deploymentId, lockTimeout, locks.find(target));
            }
            sleeper.sleep(backoff.compareTo(remaining) < 0 ? backoff : remaining);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    static FraisierException timedOut(
            Target target, long deploymentId, Duration lockTimeout, Optional<LockLease> holderLease) {
        String release = "fraisier lock release " + target.fraise() + " " + target.environment();
        String held = holderLease
                .map(l -> "the lock is held by " + Holder.parse(l.holder()).describe() + " for deployment #"
                        + l.deploymentId() + " since " + l.acquiredAt() + " (lease until " + l.expiresAt() + ")")
                .orElse("the lock was held by another deployment until just now");
        return new FraisierException(
                ErrorCode.LOCK_TIMEOUT,
                "Deployment lock acquisition timed out after " + lockTimeout.toSeconds() + " s for " + target + ": "
                        + held + ". Deployment #" + deploymentId + " was not started. If that process is gone,"
                        + " release the lock with `" + release + "`.",
                "Wait for the running deployment (`fraisier status " + target.fraise() + " " + target.environment()
                        + "`), raise lock_timeout, or release a stale lock with `" + release + "`.");
    }
}
