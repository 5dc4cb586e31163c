package io.fraisier.persistence;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.DeploymentQueue;
import io.fraisier.core.spi.DeploymentUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.SQLDataType;

/**
 * {@link DeploymentQueue} over the {@code pending} rows of {@code tb_deployment}. A claim is a
 * {@code claimed_by}/{@code claimed_at} stamp on a row still {@code pending}; the row is picked with
 * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL, inside the single-writer {@code BEGIN IMMEDIATE}
 * transaction on SQLite.
 */
final class JooqDeploymentQueue implements DeploymentQueue {
    private static final String PENDING = DeploymentStatus.PENDING.dbValue();

    private final Database db;
    private final Tables.Deployment d;
    private final JooqDeploymentStore deployments;

    JooqDeploymentQueue(Database db, JooqDeploymentStore deployments) {
        this.db = db;
        this.d = db.t.deployment;
        this.deployments = deployments;
    }

    @Override
    public Optional<Deployment> claimNext(String worker, Instant now) {
        // another row of the same target that runs, or is claimed and about to run
        Field<String> xFraise = field(name("x", "fraise"), SQLDataType.VARCHAR);
        Field<String> xEnv = field(name("x", "environment"), SQLDataType.VARCHAR);
        Field<String> xStatus = field(name("x", "status"), SQLDataType.VARCHAR);
        Field<String> xClaimed = field(name("x", "claimed_by"), SQLDataType.VARCHAR);
        Condition busyTarget = notExists(selectOne()
                .from(d.t.as("x"))
                .where(xFraise.eq(d.fraise))
                .and(xEnv.eq(d.environment))
                .and(xStatus.eq(DeploymentStatus.IN_PROGRESS.dbValue())
                        .or(xStatus.eq(PENDING).and(xClaimed.isNotNull()))));
        Tables.Lock l = db.t.lock;
        Condition unlocked = notExists(selectOne()
                .from(l.t)
                .where(l.fraise.eq(d.fraise))
                .and(l.environment.eq(d.environment))
                .and(l.expiresAt.gt(now)));
        return db.tx(ctx -> {
            var candidate = ctx.select(d.id)
                    .from(d.t)
                    .where(d.status.eq(PENDING))
                    .and(d.claimedBy.isNull())
                    .and(busyTarget)
                    .and(unlocked)
                    .orderBy(d.id)
                    .limit(1);
            Long id = db.isPostgres() ? candidate.forUpdate().skipLocked().fetchOne(d.id) : candidate.fetchOne(d.id);
            if (id == null) {
                return Optional.<Deployment>empty();
            }
            int claimed = ctx.update(d.t)
                    .set(d.claimedBy, worker)
                    .set(d.claimedAt, now)
                    .where(d.id.eq(id))
                    .and(d.status.eq(PENDING))
                    .and(d.claimedBy.isNull())
                    .execute();
            return claimed == 1 ? Optional.of(deployments.require(ctx, id)) : Optional.<Deployment>empty();
        });
    }

    @Override
    public List<Long> supersedeOlder(Target target, long newerId, Instant now) {
        return db.tx(ctx -> {
            var select = ctx.select(d.id)
                    .from(d.t)
                    .where(d.fraise.eq(target.fraise()))
                    .and(d.environment.eq(target.environment()))
                    .and(d.status.eq(PENDING))
                    .and(d.claimedBy.isNull())
                    .and(d.id.lt(newerId))
                    .orderBy(d.id);
            List<Long> ids = db.isPostgres() ? select.forUpdate().skipLocked().fetch(d.id) : select.fetch(d.id);
            List<Long> done = new ArrayList<>();
            for (Long id : ids) {
                deployments.transitionIn(
                        ctx,
                        new DeploymentUpdate(
                                id,
                                DeploymentStatus.PENDING,
                                DeploymentStatus.SUPERSEDED,
                                0,
                                now,
                                null,
                                null,
                                null,
                                null,
                                "superseded by deployment " + newerId,
                                null,
                                null));
                done.add(id);
            }
            return done;
        });
    }

    @Override
    public long depth() {
        return db.read(ctx -> ctx.selectCount()
                .from(d.t)
                .where(d.status.eq(PENDING))
                .and(d.claimedBy.isNull())
                .fetchOne(0, Long.class));
    }

    @Override
    public int releaseClaims(String worker) {
        return db.read(ctx -> ctx.update(d.t)
                .setNull(d.claimedBy)
                .setNull(d.claimedAt)
                .where(d.claimedBy.eq(worker))
                .and(d.status.eq(PENDING))
                .execute());
    }
}
