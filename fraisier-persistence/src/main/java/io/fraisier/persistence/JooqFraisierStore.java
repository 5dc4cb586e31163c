package io.fraisier.persistence;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.Notification;
import io.fraisier.core.model.PruneResult;
import io.fraisier.core.spi.DeploymentEventStore;
import io.fraisier.core.spi.DeploymentQueue;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.FraiseStateStore;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.spi.FreezeStore;
import io.fraisier.core.spi.LockStore;
import io.fraisier.core.spi.MetricCounterStore;
import io.fraisier.core.spi.NotificationOutbox;
import io.fraisier.core.spi.WebhookEventStore;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link FraisierStore} on one PostgreSQL or SQLite database. What {@code history}, {@code stats} and
 * {@code status-all} read, and crash recovery's check on every open, is plain JDBC ({@link SqlReads},
 * {@link PlainStores}); the jOOQ stores ({@link JooqStores}) and the pool under them are made on the first
 * operation that needs them, so that a read-only command loads neither (issue #14). Thread-safe.
 */
final class JooqFraisierStore implements FraisierStore {
    private final Database db;
    private final boolean countMetrics;
    private final Object making = new Object();
    private volatile @Nullable JooqStores jooq;
    private final DeploymentStore deployments;
    private final FraiseStateStore states;
    private final LockStore locks;
    private final FreezeStore freezes;
    private final DeploymentEventStore events;
    private final MetricCounterStore counters;
    private final WebhookEventStore webhooks;
    private final NotificationOutbox outbox;

    JooqFraisierStore(Database db) {
        this(db, true);
    }

    /** @param countMetrics false: deployments ending through this store are not counted (metrics disabled) */
    JooqFraisierStore(Database db, boolean countMetrics) {
        this.db = db;
        this.countMetrics = countMetrics;
        this.deployments = new PlainStores.Deployments(db, () -> jooq().deployments);
        this.states = new PlainStores.States(db);
        this.locks = new PlainStores.Locks(db, () -> jooq().locks);
        this.freezes = new PlainStores.Freezes(db, () -> jooq().freezes);
        this.events = new PlainStores.Events(() -> jooq().events);
        this.counters = new PlainStores.Counters(() -> jooq().counters);
        this.webhooks = new PlainStores.Webhooks(() -> jooq().webhooks);
        this.outbox = new PlainStores.Outbox(db, () -> jooq().outbox);
    }

    /** The jOOQ stores, made on first call. */
    private JooqStores jooq() {
        JooqStores made = jooq;
        if (made != null) {
            return made;
        }
        synchronized (making) {
            if (jooq == null) {
                jooq = new JooqStores(db, countMetrics);
            }
            return jooq;
        }
    }

    @Override
    public NotificationOutbox outbox() {
        return outbox;
    }

    @Override
    public FreezeStore freezes() {
        return freezes;
    }

    @Override
    public PruneResult prune(Instant before, boolean dryRun) {
        return jooq().pruner.prune(before, dryRun);
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
        return jooq().queue;
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

    /**
     * Every command's open runs this (core's crash recovery): the common case, nothing to recover, is one
     * plain read that writes nothing; only orphans start the jOOQ transaction, which looks again under the
     * writer lock.
     */
    @Override
    public List<Deployment> recoverInterrupted(
            Instant now, String errorMessage, Function<Deployment, List<Notification.New>> notifications) {
        if (db.query(c -> db.reads.orphans(c, now)).isEmpty()) {
            return List.of();
        }
        // a host whose clock runs ahead sees live leases as expired: it must not mark their runs interrupted
        db.requireClockInStep();
        return jooq().recoverInterrupted(now, errorMessage, notifications);
    }

    @Override
    public void ping() {
        db.query(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute("SELECT 1");
            }
        });
    }

    @Override
    public void checkWritable() {
        db.checkWritable(Instant.now());
        // a daemon whose clock disagrees with the database's can take no lease: unhealthy, so traffic moves
        db.requireClockInStep();
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
