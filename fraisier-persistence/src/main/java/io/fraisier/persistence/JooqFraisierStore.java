package io.fraisier.persistence;

import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.spi.DeploymentEventStore;
import io.fraisier.core.spi.DeploymentQueue;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.FraiseStateStore;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.spi.LockStore;
import io.fraisier.core.spi.MetricCounterStore;
import io.fraisier.core.spi.WebhookEventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@link FraisierStore} on one PostgreSQL or SQLite database. Thread-safe. */
final class JooqFraisierStore implements FraisierStore {
    private final Database db;
    private final JooqFraiseStateStore states;
    private final JooqMetricCounterStore counters;
    private final JooqDeploymentStore deployments;
    private final JooqDeploymentEventStore events;
    private final JooqLockStore locks;
    private final JooqDeploymentQueue queue;
    private final JooqWebhookEventStore webhooks;
    private final JooqFreezeStore freezes;
    private final JooqOutbox outbox;
    private final JooqPruner pruner;

    JooqFraisierStore(Database db) {
        this(db, true);
    }

    /** @param countMetrics false: deployments ending through this store are not counted (metrics disabled) */
    JooqFraisierStore(Database db, boolean countMetrics) {
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

    @Override
    public io.fraisier.core.spi.NotificationOutbox outbox() {
        return outbox;
    }

    @Override
    public io.fraisier.core.spi.FreezeStore freezes() {
        return freezes;
    }

    @Override
    public io.fraisier.core.model.PruneResult prune(Instant before, boolean dryRun) {
        return pruner.prune(before, dryRun);
    }

    @Override
    public String description() {
        return db.location.description();
    }

    @Override
    public DeploymentStore deployments() {
        return deployments;
    }

    @Override
    public DeploymentEventStore events() {
        return events;
    }

    @Override
    public FraiseStateStore states() {
        return states;
    }

    @Override
    public LockStore locks() {
        return locks;
    }

    @Override
    public DeploymentQueue queue() {
        return queue;
    }

    @Override
    public WebhookEventStore webhooks() {
        return webhooks;
    }

    @Override
    public MetricCounterStore counters() {
        return counters;
    }

    @Override
    public List<Deployment> recoverInterrupted(Instant now, String errorMessage) {
        return recoverInterrupted(now, errorMessage, ended -> List.of());
    }

    @Override
    public List<Deployment> recoverInterrupted(
            Instant now,
            String errorMessage,
            java.util.function.Function<Deployment, List<io.fraisier.core.model.Notification.New>> notifications) {
        Tables.Deployment d = db.t.deployment;
        Tables.Lock l = db.t.lock;
        return db.tx(ctx -> {
            // in progress without a live lease of its own: its process died (or lost the lock)
            List<Long> orphans = ctx.select(d.id)
                    .from(d.t)
                    .where(d.status.eq(DeploymentStatus.IN_PROGRESS.dbValue()))
                    .and(notExists(selectOne()
                            .from(l.t)
                            .where(l.fraise.eq(d.fraise))
                            .and(l.environment.eq(d.environment))
                            .and(l.deploymentId.eq(d.id))
                            .and(l.expiresAt.gt(now))))
                    .orderBy(d.id)
                    .fetch(d.id);
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
                                io.fraisier.core.error.ErrorCode.INTERRUPTED.id(),
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

    @Override
    public void ping() {
        db.read(ctx -> ctx.selectOne().fetch());
    }

    @Override
    public void checkWritable() {
        db.checkWritable(Instant.now());
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "FraisierStore[" + description() + "]";
    }
}
