package io.fraisier.persistence;

import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.FraiseState;
import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Notification;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.DeploymentEventStore;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.FraiseStateStore;
import io.fraisier.core.spi.FreezeStore;
import io.fraisier.core.spi.LockStore;
import io.fraisier.core.spi.MetricCounterStore;
import io.fraisier.core.spi.NotificationOutbox;
import io.fraisier.core.spi.WebhookEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The ports {@link JooqFraisierStore} hands out, free of jOOQ: the reads of the read-only commands go
 * through {@link SqlReads} ({@link Database#query}), everything else to the jOOQ store of the port, made on
 * first use ({@link JooqStores}). The JVM verifies a class's every method when it first uses the class,
 * loading the jOOQ types they pass around: the jOOQ stores themselves cannot be touched by a command that
 * only reads (issue #14). Each class here is thread-safe as its delegates are.
 */
final class PlainStores {
    private PlainStores() {}

    static final class Deployments implements DeploymentStore {
        private final Database db;
        private final Supplier<DeploymentStore> jooq;

        Deployments(Database db, Supplier<DeploymentStore> jooq) {
            this.db = db;
            this.jooq = jooq;
        }

        @Override
        public Deployment create(NewDeployment request, Instant now) {
            return jooq.get().create(request, now);
        }

        @Override
        public Optional<Deployment> find(long id) {
            return db.query(c -> db.reads.deployment(c, id, false));
        }

        @Override
        public Deployment transition(DeploymentUpdate update) {
            return jooq.get().transition(update);
        }

        @Override
        public Deployment transition(
                DeploymentUpdate update, Function<Deployment, List<Notification.New>> notifications) {
            return jooq.get().transition(update, notifications);
        }

        @Override
        public boolean recordVersions(long deploymentId, @Nullable Version oldVersion, Version newVersion) {
            return jooq.get().recordVersions(deploymentId, oldVersion, newVersion);
        }

        @Override
        public boolean requestCancel(long deploymentId, CancelRequest request) {
            return jooq.get().requestCancel(deploymentId, request);
        }

        @Override
        public Optional<CancelRequest> cancelRequest(long deploymentId) {
            return jooq.get().cancelRequest(deploymentId);
        }

        @Override
        public List<Deployment> history(HistoryQuery query) {
            return db.query(c -> db.reads.history(c, query));
        }

        @Override
        public List<DeploymentStats> stats(Instant since, @Nullable String fraise) {
            return db.query(c -> db.reads.stats(c, since, fraise));
        }
    }

    static final class States implements FraiseStateStore {
        private final Database db;

        States(Database db) {
            this.db = db;
        }

        @Override
        public Optional<FraiseState> find(Target target) {
            return db.query(c -> db.reads.state(c, target));
        }

        @Override
        public List<FraiseState> list() {
            return db.query(db.reads::states);
        }
    }

    static final class Locks implements LockStore {
        private final Database db;
        private final Supplier<LockStore> jooq;

        Locks(Database db, Supplier<LockStore> jooq) {
            this.db = db;
            this.jooq = jooq;
        }

        @Override
        public Optional<LockLease> tryAcquire(
                Target target, String holder, long deploymentId, Instant now, Duration lease) {
            return jooq.get().tryAcquire(target, holder, deploymentId, now, lease);
        }

        @Override
        public Optional<LockLease> renew(LockLease lease, Instant now, Duration extension) {
            return jooq.get().renew(lease, now, extension);
        }

        @Override
        public boolean release(LockLease lease) {
            return jooq.get().release(lease);
        }

        @Override
        public Optional<LockLease> forceRelease(Target target) {
            return jooq.get().forceRelease(target);
        }

        @Override
        public Optional<LockLease> find(Target target) {
            return db.query(c -> db.reads.lock(c, target));
        }

        @Override
        public List<LockLease> list() {
            return db.query(db.reads::locks);
        }
    }

    static final class Freezes implements FreezeStore {
        private final Database db;
        private final Supplier<FreezeStore> jooq;

        Freezes(Database db, Supplier<FreezeStore> jooq) {
            this.db = db;
            this.jooq = jooq;
        }

        @Override
        public void put(Freeze freeze) {
            jooq.get().put(freeze);
        }

        @Override
        public Optional<Freeze> remove(Target target) {
            return jooq.get().remove(target);
        }

        @Override
        public Optional<Freeze> find(Target target) {
            return db.query(c -> db.reads.freeze(c, target));
        }

        @Override
        public List<Freeze> list() {
            return db.query(db.reads::freezes);
        }
    }

    /** Every command's engine holds the event store; only a deployment writes or lists events. */
    static final class Events implements DeploymentEventStore {
        private final Supplier<DeploymentEventStore> jooq;

        Events(Supplier<DeploymentEventStore> jooq) {
            this.jooq = jooq;
        }

        @Override
        public void append(DeploymentEvent event) {
            jooq.get().append(event);
        }

        @Override
        public List<DeploymentEvent> list(long deploymentId) {
            return jooq.get().list(deploymentId);
        }
    }

    /** Every command's engine holds the counters; only a deployment or {@code metrics} uses them. */
    static final class Counters implements MetricCounterStore {
        private final Supplier<MetricCounterStore> jooq;

        Counters(Supplier<MetricCounterStore> jooq) {
            this.jooq = jooq;
        }

        @Override
        public MetricSnapshot snapshot() {
            return jooq.get().snapshot();
        }

        @Override
        public void recordHealthAttempt(String provider, boolean healthy) {
            jooq.get().recordHealthAttempt(provider, healthy);
        }

        @Override
        public void recordLockWait(String provider, Duration waited) {
            jooq.get().recordLockWait(provider, waited);
        }
    }

    /** Every {@code Fraisier} holds the webhook store; only the daemon and {@code webhooks} use it. */
    static final class Webhooks implements WebhookEventStore {
        private final Supplier<WebhookEventStore> jooq;

        Webhooks(Supplier<WebhookEventStore> jooq) {
            this.jooq = jooq;
        }

        @Override
        public Recorded record(WebhookEvent event) {
            return jooq.get().record(event);
        }

        @Override
        public void markProcessed(long id, String outcome, List<Long> deploymentIds) {
            jooq.get().markProcessed(id, outcome, deploymentIds);
        }

        @Override
        public boolean claim(long id, Instant now) {
            return jooq.get().claim(id, now);
        }

        @Override
        public void releaseClaim(long id) {
            jooq.get().releaseClaim(id);
        }

        @Override
        public List<WebhookEvent> recent(int limit) {
            return jooq.get().recent(limit);
        }
    }

    /**
     * Every CLI command with notifications configured delivers the due ones on its way out: finding none
     * is one plain read; only due messages go to the jOOQ outbox's claim (a write), which looks again.
     */
    static final class Outbox implements NotificationOutbox {
        private final Database db;
        private final Supplier<NotificationOutbox> jooq;

        Outbox(Database db, Supplier<NotificationOutbox> jooq) {
            this.db = db;
            this.jooq = jooq;
        }

        @Override
        public void enqueue(List<Notification.New> messages) {
            jooq.get().enqueue(messages);
        }

        @Override
        public List<Notification> claim(String holder, Instant now, Duration lease, int limit) {
            Instant at = db.stored(now);
            if (db.query(c -> db.reads.dueNotifications(c, at, limit, false)).isEmpty()) {
                return List.of();
            }
            return jooq.get().claim(holder, now, lease, limit);
        }

        @Override
        public boolean markDelivered(long id, String holder, Instant at) {
            return jooq.get().markDelivered(id, holder, at);
        }

        @Override
        public boolean markRetry(long id, String holder, Instant nextAttemptAt, String error) {
            return jooq.get().markRetry(id, holder, nextAttemptAt, error);
        }

        @Override
        public boolean markFailed(long id, String holder, Instant at, String error) {
            return jooq.get().markFailed(id, holder, at, error);
        }

        @Override
        public List<Notification> list(Set<Notification.State> states, int limit) {
            return jooq.get().list(states, limit);
        }
    }
}
