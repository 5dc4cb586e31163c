package io.fraisier.persistence;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Notification;
import io.fraisier.core.spi.DeploymentUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The jOOQ half of {@link JooqFraisierStore}: one store per table group, made together on the first
 * operation that needs jOOQ (a write, or a read {@link SqlReads} does not cover). Thread-safe.
 */
final class JooqStores {
    final JooqFraiseStateStore states;
    final JooqMetricCounterStore counters;
    final JooqDeploymentStore deployments;
    final JooqDeploymentEventStore events;
    final JooqLockStore locks;
    final JooqDeploymentQueue queue;
    final JooqWebhookEventStore webhooks;
    final JooqFreezeStore freezes;
    final JooqOutbox outbox;
    final JooqPruner pruner;
    private final Database db;

    /** @param countMetrics false: deployments ending through this store are not counted (metrics disabled) */
    JooqStores(Database db, boolean countMetrics) {
        this.db = db;
        this.states = new JooqFraiseStateStore(db);
        this.counters = new JooqMetricCounterStore(db, countMetrics);
        this.deployments = new JooqDeploymentStore(db, states, counters);
        this.events = new JooqDeploymentEventStore(db);
        this.locks = new JooqLockStore(db);
        this.queue = new JooqDeploymentQueue(db, deployments);
        this.webhooks = new JooqWebhookEventStore(db);
        this.freezes = new JooqFreezeStore(db);
        this.outbox = new JooqOutbox(db);
        this.pruner = new JooqPruner(db);
    }

    /**
     * Marks {@code interrupted}, in one transaction, the {@code in_progress} deployments without a live
     * lease of their own ({@link SqlReads#orphans}, read again under the writer lock), frees their locks
     * and queues their notifications.
     */
    List<Deployment> recoverInterrupted(
            Instant now, String errorMessage, Function<Deployment, List<Notification.New>> notifications) {
        Tables.Lock l = db.t().lock;
        return db.tx(ctx -> {
            // in progress without a live lease of its own: its process died (or lost the lock)
            List<Long> orphans = ctx.connectionResult(c -> db.reads.orphans(c, now));
            List<Deployment> recovered = new ArrayList<>();
            for (Long id : orphans) {
                Deployment ended = deployments.transitionIn(
                        ctx,
                        new DeploymentUpdate(
                                id,
                                DeploymentStatus.IN_PROGRESS,
                                DeploymentStatus.INTERRUPTED,
                                0,
                                now,
                                null,
                                null,
                                null,
                                ErrorCode.INTERRUPTED.id(),
                                errorMessage,
                                null,
                                null));
                ctx.deleteFrom(l.t)
                        .where(l.fraise.eq(ended.target().fraise()))
                        .and(l.environment.eq(ended.target().environment()))
                        .and(l.deploymentId.eq(id))
                        .execute();
                outbox.insertIn(ctx, notifications.apply(ended));
                recovered.add(ended);
            }
            return recovered;
        });
    }
}
