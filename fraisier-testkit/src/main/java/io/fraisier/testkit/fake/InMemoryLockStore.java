package io.fraisier.testkit.fake;

import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.LockStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The lock leases of an {@link InMemoryStore}; see there. Tokens grow per target and never reset. */
final class InMemoryLockStore implements LockStore {
    private final InMemoryStore db;

    InMemoryLockStore(InMemoryStore db) {
        this.db = db;
    }

    @Override
    public Optional<LockLease> tryAcquire(
            Target target, String holder, long deploymentId, Instant now, Duration lease) {
        synchronized (db.mutex) {
            db.checkUp();
            LockLease held = db.locks.get(target);
            if (held != null && !held.isExpiredAt(now)) {
                return Optional.empty();
            }
            long token = db.tokens.getOrDefault(target, 0L) + 1;
            db.tokens.put(target, token);
            LockLease granted = new LockLease(target, holder, deploymentId, now, now.plus(lease), token);
            db.locks.put(target, granted);
            return Optional.of(granted);
        }
    }

    @Override
    public Optional<LockLease> renew(LockLease lease, Instant now, Duration extension) {
        synchronized (db.mutex) {
            db.checkUp();
            LockLease held = db.locks.get(lease.target());
            if (!holds(held, lease)) {
                return Optional.empty();
            }
            LockLease renewed = new LockLease(
                    held.target(),
                    held.holder(),
                    held.deploymentId(),
                    held.acquiredAt(),
                    now.plus(extension),
                    held.fencingToken());
            db.locks.put(held.target(), renewed);
            return Optional.of(renewed);
        }
    }

    @Override
    public boolean release(LockLease lease) {
        synchronized (db.mutex) {
            db.checkUp();
            db.checkNotInterrupted();
            LockLease held = db.locks.get(lease.target());
            if (!holds(held, lease)) {
                return false;
            }
            db.locks.remove(lease.target());
            return true;
        }
    }

    @Override
    public Optional<LockLease> forceRelease(Target target) {
        synchronized (db.mutex) {
            db.checkUp();
            return Optional.ofNullable(db.locks.remove(target));
        }
    }

    @Override
    public Optional<LockLease> find(Target target) {
        synchronized (db.mutex) {
            db.checkUp();
            return Optional.ofNullable(db.locks.get(target));
        }
    }

    @Override
    public List<LockLease> list() {
        synchronized (db.mutex) {
            db.checkUp();
            return db.locks.values().stream()
                    .sorted(Comparator.comparing(LockLease::acquiredAt))
                    .toList();
        }
    }

    /** The lock is still the one {@code lease} was granted: same holder, same fencing token. */
    private static boolean holds(@Nullable LockLease held, LockLease lease) {
        return held != null
                && held.fencingToken() == lease.fencingToken()
                && held.holder().equals(lease.holder());
    }
}
