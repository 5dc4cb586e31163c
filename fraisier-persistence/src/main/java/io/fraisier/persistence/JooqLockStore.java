package io.fraisier.persistence;

import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.LockStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * {@link LockStore} on {@code tb_deployment_lock} and the per-target fence counter
 * {@code tb_deployment_fence}. Acquisition is one transaction: bump-and-lock the fence row, then an
 * {@code INSERT … ON CONFLICT DO UPDATE … WHERE expires_at <= now} that only a free or expired lock
 * lets through. The fence row serialises racing acquirers on PostgreSQL (row lock) and SQLite (the
 * {@code BEGIN IMMEDIATE} writer lock), and the token is only advanced when the lock was won.
 */
final class JooqLockStore implements LockStore {
    private final Database db;
    private final Tables.Lock l;
    private final Tables.Fence f;

    JooqLockStore(Database db) {
        this.db = db;
        this.l = db.t().lock;
        this.f = db.t().fence;
    }

    @Override
    public Optional<LockLease> tryAcquire(
            Target target, String holder, long deploymentId, Instant now, Duration lease) {
        db.requireClockInStep();
        Instant expires = now.plus(lease);
        return db.tx(ctx -> {
            ctx.insertInto(f.t)
                    .set(f.fraise, target.fraise())
                    .set(f.environment, target.environment())
                    .set(f.lastToken, 0L)
                    .onConflictDoNothing()
                    .execute();
            var fence = ctx.select(f.lastToken).from(f.t).where(fenceOf(target));
            long token = (db.isPostgres() ? fence.forUpdate() : fence).fetchOne(f.lastToken) + 1;
            int won = ctx.insertInto(l.t)
                    .set(l.fraise, target.fraise())
                    .set(l.environment, target.environment())
                    .set(l.holder, holder)
                    .set(l.deploymentId, deploymentId)
                    .set(l.acquiredAt, now)
                    .set(l.expiresAt, expires)
                    .set(l.fencingToken, token)
                    .onConflict(l.fraise, l.environment)
                    .doUpdate()
                    .set(l.holder, holder)
                    .set(l.deploymentId, deploymentId)
                    .set(l.acquiredAt, now)
                    .set(l.expiresAt, expires)
                    .set(l.fencingToken, token)
                    .where(l.expiresAt.le(now))
                    .execute();
            if (won != 1) {
                return Optional.<LockLease>empty();
            }
            ctx.update(f.t).set(f.lastToken, token).where(fenceOf(target)).execute();
            return Optional.of(new LockLease(target, holder, deploymentId, now, expires, token));
        });
    }

    @Override
    public Optional<LockLease> renew(LockLease lease, Instant now, Duration extension) {
        db.requireClockInStep();
        Instant expires = now.plus(extension);
        int changed = db.write(ctx ->
                ctx.update(l.t).set(l.expiresAt, expires).where(held(lease)).execute());
        return changed == 1
                ? Optional.of(new LockLease(
                        lease.target(),
                        lease.holder(),
                        lease.deploymentId(),
                        lease.acquiredAt(),
                        expires,
                        lease.fencingToken()))
                : Optional.empty();
    }

    @Override
    public boolean release(LockLease lease) {
        return db.write(ctx -> ctx.deleteFrom(l.t).where(held(lease)).execute()) == 1;
    }

    @Override
    public Optional<LockLease> forceRelease(Target target) {
        return db.tx(ctx -> {
            Optional<LockLease> current = findIn(ctx, target);
            current.ifPresent(lease -> ctx.deleteFrom(l.t).where(held(lease)).execute());
            return current;
        });
    }

    @Override
    public Optional<LockLease> find(Target target) {
        return db.query(c -> db.reads.lock(c, target));
    }

    @Override
    public List<LockLease> list() {
        return db.query(db.reads::locks);
    }

    private Optional<LockLease> findIn(DSLContext ctx, Target target) {
        return ctx.connectionResult(c -> db.reads.lock(c, target));
    }

    private Condition held(LockLease lease) {
        return l.fraise
                .eq(lease.target().fraise())
                .and(l.environment.eq(lease.target().environment()))
                .and(l.fencingToken.eq(lease.fencingToken()))
                .and(l.holder.eq(lease.holder()));
    }

    private Condition fenceOf(Target target) {
        return f.fraise.eq(target.fraise()).and(f.environment.eq(target.environment()));
    }
}
