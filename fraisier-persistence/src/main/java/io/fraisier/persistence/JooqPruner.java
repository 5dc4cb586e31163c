package io.fraisier.persistence;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;

import io.fraisier.core.model.PruneResult;
import java.time.Instant;
import java.util.List;
import org.jooq.Condition;

/**
 * {@code fraisier prune}: the operator guide's archive step in batches of {@value #BATCH} rows, one
 * transaction each, so that a prune of years of history neither holds SQLite's writer lock nor a long
 * PostgreSQL transaction for long. Deletes finished deployments ({@code completed_at} before the cut;
 * {@code pending} and {@code in_progress} rows have none), their events and webhook links, then
 * processed webhook events received before the cut that no remaining deployment names. Metric counters
 * ({@code tb_metric_*}), {@code tb_fraise_state} and locks are never touched.
 */
final class JooqPruner {
    static final int BATCH = 5_000;

    private final Database db;
    private final Tables t;

    JooqPruner(Database db) {
        this.db = db;
        this.t = db.t();
    }

    PruneResult prune(Instant before, boolean dryRun) {
        Instant cut = db.stored(before);
        var d = t.deployment;
        var e = t.event;
        var w = t.webhook;
        Condition oldFinished = d.completedAt.lt(cut).and(d.status.notIn("pending", "in_progress"));
        if (dryRun) {
            return db.read(ctx -> {
                long deployments = ctx.fetchCount(d.t, oldFinished);
                long events = ctx.select(count())
                        .from(e.t)
                        .where(e.deploymentId.in(ctx.select(d.id).from(d.t).where(oldFinished)))
                        .fetchOne(0, Long.class);
                long hooks = ctx.select(count())
                        .from(w.t)
                        .where(oldHook(before, cut))
                        .and(notExists(selectOne()
                                .from(d.t)
                                .where(d.webhookEventId.eq(w.id))
                                .andNot(oldFinished)))
                        .fetchOne(0, Long.class);
                return new PruneResult(deployments, events, hooks);
            });
        }
        PruneResult total = PruneResult.NONE;
        while (true) {
            PruneResult batch = db.tx(ctx -> {
                List<Long> ids = ctx.select(d.id)
                        .from(d.t)
                        .where(oldFinished)
                        .orderBy(d.id)
                        .limit(BATCH)
                        .fetch(d.id);
                if (ids.isEmpty()) {
                    return PruneResult.NONE;
                }
                long events = ctx.deleteFrom(e.t).where(e.deploymentId.in(ids)).execute();
                ctx.deleteFrom(t.webhookLink.t)
                        .where(t.webhookLink.deploymentId.in(ids))
                        .execute();
                long deployments = ctx.deleteFrom(d.t).where(d.id.in(ids)).execute();
                return new PruneResult(deployments, events, 0);
            });
            if (batch.deployments() == 0) {
                break;
            }
            total = total.plus(batch);
        }
        while (true) {
            long hooks = db.tx(ctx -> {
                List<Long> ids = ctx.select(w.id)
                        .from(w.t)
                        .where(oldHook(before, cut))
                        .and(notExists(selectOne().from(d.t).where(d.webhookEventId.eq(w.id))))
                        .orderBy(w.id)
                        .limit(BATCH)
                        .fetch(w.id);
                if (ids.isEmpty()) {
                    return 0L;
                }
                ctx.deleteFrom(t.webhookLink.t)
                        .where(t.webhookLink.webhookEventId.in(ids))
                        .execute();
                return (long) ctx.deleteFrom(w.t).where(w.id.in(ids)).execute();
            });
            if (hooks == 0) {
                break;
            }
            total = total.plus(new PruneResult(0, 0, hooks));
        }
        return total;
    }

    private Condition oldHook(Instant before, Instant cut) {
        return t.webhook.receivedAt.lt(cut).and(t.webhook.processed.isTrue());
    }
}
