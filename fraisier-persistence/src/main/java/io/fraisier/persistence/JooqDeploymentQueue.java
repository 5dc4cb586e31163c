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
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * {@link DeploymentQueue} over the {@code pending} rows of {@code tb_deployment}. A claim is a
 * {@code claimed_by}/{@code claimed_at} stamp on a row still {@code pending}, void once older than
 * {@link #CLAIM_LEASE}; the row is picked with
 * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL, inside the single-writer {@code BEGIN IMMEDIATE}
 * transaction on SQLite.
 */
final class JooqDeploymentQueue implements DeploymentQueue {
    private static final String PENDING = DeploymentStatus.PENDING.dbValue();
    /** Rows looked at per claim before giving up for this round (others are being claimed right now). */
    private static final int MAX_CANDIDATES = 20;

    private final Database db;
    private final Tables.Deployment d;
    private final JooqDeploymentStore deployments;

    JooqDeploymentQueue(Database db, JooqDeploymentStore deployments) {
        this.db = db;
        this.d = db.t().deployment;
        this.deployments = deployments;
    }

    @Override
    public Optional<Deployment> claimNext(String worker, Instant now) {
        db.requireClockInStep(); // other workers' claims expire by the clock too
        // another row of the same target that runs, or is claimed and about to run
        Field<String> xFraise = field(name("x", "fraise"), SQLDataType.VARCHAR);
        Field<String> xEnv = field(name("x", "environment"), SQLDataType.VARCHAR);
        Field<String> xStatus = field(name("x", "status"), SQLDataType.VARCHAR);
        Field<String> xClaimed = field(name("x", "claimed_by"), SQLDataType.VARCHAR);
        Field<Instant> xClaimedAt = field(name("x", "claimed_at"), d.claimedAt.getDataType());
        // a claim older than the lease belongs to a dead worker: it neither holds its row nor its target
        Instant staleBefore = now.minus(CLAIM_LEASE);
        Condition busyTarget = notExists(selectOne()
                .from(d.t.as("x"))
                .where(xFraise.eq(d.fraise))
                .and(xEnv.eq(d.environment))
                .and(xStatus.eq(DeploymentStatus.IN_PROGRESS.dbValue())
                        .or(xStatus.eq(PENDING).and(xClaimed.isNotNull()).and(xClaimedAt.gt(staleBefore)))));
        Condition claimable = d.claimedBy.isNull().or(d.claimedAt.le(staleBefore));
        Tables.Lock l = db.t().lock;
        Condition unlocked = notExists(selectOne()
                .from(l.t)
                .where(l.fraise.eq(d.fraise))
                .and(l.environment.eq(d.environment))
                .and(l.expiresAt.gt(now)));
        return db.tx(ctx -> {
            List<Long> passed = new ArrayList<>();
            for (int attempt = 0; attempt < MAX_CANDIDATES; attempt++) {
                var candidate = ctx.select(d.id, d.fraise, d.environment)
                        .from(d.t)
                        .where(d.status.eq(PENDING))
                        .and(claimable)
                        .and(busyTarget)
                        .and(unlocked)
                        .and(passed.isEmpty() ? DSL.noCondition() : d.id.notIn(passed))
                        .orderBy(d.id)
                        .limit(1);
                var row = db.isPostgres() ? candidate.forUpdate().skipLocked().fetchOne() : candidate.fetchOne();
                if (row == null) {
                    return Optional.<Deployment>empty();
                }
                long id = row.value1();
                if (db.isPostgres() && !claimTargetAlone(ctx, id, row.value2(), row.value3(), staleBefore)) {
                    passed.add(id);
                    continue;
                }
                int claimed = ctx.update(d.t)
                        .set(d.claimedBy, worker)
                        .set(d.claimedAt, now)
                        .where(d.id.eq(id))
                        .and(d.status.eq(PENDING))
                        .and(claimable)
                        .execute();
                if (claimed == 1) {
                    return Optional.of(deployments.require(ctx, id));
                }
                passed.add(id);
            }
            return Optional.<Deployment>empty();
        });
    }

    /**
     * On PostgreSQL two workers may pick two pending rows of one target at the same moment (neither sees
     * the other's uncommitted claim). A transaction-scoped advisory lock per target lets one through;
     * the other skips the target, and the winner re-checks with a fresh snapshot that nobody claimed or
     * started the target meanwhile.
     */
    private boolean claimTargetAlone(DSLContext ctx, long id, String fraise, String environment, Instant staleBefore) {
        Boolean alone = ctx.select(DSL.field(
                        "pg_try_advisory_xact_lock(hashtextextended({0}, 0))",
                        SQLDataType.BOOLEAN, DSL.val("fraisier-claim:" + fraise + "/" + environment)))
                .fetchOne(0, Boolean.class);
        if (!Boolean.TRUE.equals(alone)) {
            return false;
        }
        return !ctx.fetchExists(ctx.selectOne()
                .from(d.t)
                .where(d.fraise.eq(fraise))
                .and(d.environment.eq(environment))
                .and(d.id.ne(id))
                .and(d.status
                        .eq(DeploymentStatus.IN_PROGRESS.dbValue())
                        .or(d.status.eq(PENDING).and(d.claimedBy.isNotNull()).and(d.claimedAt.gt(staleBefore)))));
    }

    @Override
    public List<Long> supersedeOlder(Target target, long newerId, Instant now) {
        return db.tx(ctx -> {
            var select = ctx.select(d.id)
                    .from(d.t)
                    .where(d.fraise.eq(target.fraise()))
                    .and(d.environment.eq(target.environment()))
                    .and(d.status.eq(PENDING))
                    .and(d.claimedBy.isNull().or(d.claimedAt.le(now.minus(CLAIM_LEASE))))
                    .and(d.id.lt(newerId))
                    .orderBy(d.id);
            List<Long> ids = db.isPostgres() ? select.forUpdate().skipLocked().fetch(d.id) : select.fetch(d.id);
            List<Long> done = new ArrayList<>();
            for (Long id : ids) {
                deployments.transitionIn(ctx, DeploymentUpdate.superseded(id, newerId, now));
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
        return db.write(ctx -> ctx.update(d.t)
                .setNull(d.claimedBy)
                .setNull(d.claimedAt)
                .where(d.claimedBy.eq(worker))
                .and(d.status.eq(PENDING))
                .execute());
    }

    @Override
    public List<String> claimHolders() {
        return db.read(ctx -> ctx.selectDistinct(d.claimedBy)
                .from(d.t)
                .where(d.status.eq(PENDING))
                .and(d.claimedBy.isNotNull())
                .orderBy(d.claimedBy)
                .fetch(d.claimedBy));
    }
}
