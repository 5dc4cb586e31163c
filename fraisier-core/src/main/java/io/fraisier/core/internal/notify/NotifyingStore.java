package io.fraisier.core.internal.notify;

import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Notification;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentEventStore;
import io.fraisier.core.spi.DeploymentQueue;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.FraiseStateStore;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.spi.FreezeStore;
import io.fraisier.core.spi.LockStore;
import io.fraisier.core.spi.MetricCounterStore;
import io.fraisier.core.spi.NotificationOutbox;
import io.fraisier.core.spi.WebhookEventStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The store as the engine sees it when notifications are configured: a deployment's move to a terminal
 * status that some channel takes writes its outbox messages in the same transaction
 * ({@link DeploymentStore#transition(DeploymentUpdate, Function)}), whichever path of the engine made it.
 * A crash after the status is stored therefore loses no announcement. Everything else is passed through.
 */
public final class NotifyingStore implements FraisierStore {
    private final FraisierStore store;
    private final NotificationRenderer renderer;
    private final DeploymentStore deployments;

    private NotifyingStore(FraisierStore store, NotificationRenderer renderer) {
        this.store = store;
        this.renderer = renderer;
        this.deployments = new Deployments(store.deployments());
    }

    /** {@code store} with announcing transitions. */
    public static FraisierStore wrap(FraisierStore store, NotificationRenderer renderer) {
        return new NotifyingStore(store, renderer);
    }

    @Override
    public String description() {
        return store.description();
    }

    @Override
    public DeploymentStore deployments() {
        return deployments;
    }

    @Override
    public DeploymentEventStore events() {
        return store.events();
    }

    @Override
    public FraiseStateStore states() {
        return store.states();
    }

    @Override
    public LockStore locks() {
        return store.locks();
    }

    @Override
    public DeploymentQueue queue() {
        return store.queue();
    }

    @Override
    public WebhookEventStore webhooks() {
        return store.webhooks();
    }

    @Override
    public MetricCounterStore counters() {
        return store.counters();
    }

    @Override
    public FreezeStore freezes() {
        return store.freezes();
    }

    @Override
    public NotificationOutbox outbox() {
        return store.outbox();
    }

    @Override
    public io.fraisier.core.model.PruneResult prune(Instant before, boolean dryRun) {
        return store.prune(before, dryRun);
    }

    @Override
    public List<Deployment> recoverInterrupted(Instant now, String errorMessage) {
        if (renderer.wants(
                io.fraisier.core.model.DeploymentStatus.IN_PROGRESS,
                io.fraisier.core.model.DeploymentStatus.INTERRUPTED)) {
            return store.recoverInterrupted(now, errorMessage, renderer::render);
        }
        return store.recoverInterrupted(now, errorMessage);
    }

    @Override
    public List<Deployment> recoverInterrupted(
            Instant now, String errorMessage, Function<Deployment, List<Notification.New>> more) {
        return store.recoverInterrupted(now, errorMessage, d -> {
            List<Notification.New> all = new java.util.ArrayList<>(more.apply(d));
            if (renderer.wants(
                    io.fraisier.core.model.DeploymentStatus.IN_PROGRESS,
                    io.fraisier.core.model.DeploymentStatus.INTERRUPTED)) {
                all.addAll(renderer.render(d));
            }
            return all;
        });
    }

    @Override
    public void ping() {
        store.ping();
    }

    @Override
    public void checkWritable() {
        store.checkWritable();
    }

    @Override
    public void close() {
        store.close();
    }

    private final class Deployments implements DeploymentStore {
        private final DeploymentStore rows;

        Deployments(DeploymentStore rows) {
            this.rows = rows;
        }

        @Override
        public Deployment create(NewDeployment request, Instant now) {
            return rows.create(request, now);
        }

        @Override
        public Optional<Deployment> find(long id) {
            return rows.find(id);
        }

        @Override
        public Deployment transition(DeploymentUpdate u) {
            if (renderer.wants(u.from(), u.to())) {
                return rows.transition(u, renderer::render);
            }
            return rows.transition(u);
        }

        @Override
        public Deployment transition(DeploymentUpdate u, Function<Deployment, List<Notification.New>> more) {
            return rows.transition(u, d -> {
                List<Notification.New> all = new java.util.ArrayList<>(more.apply(d));
                if (renderer.wants(u.from(), u.to())) {
                    all.addAll(renderer.render(d));
                }
                return all;
            });
        }

        @Override
        public boolean recordVersions(long deploymentId, @Nullable Version oldVersion, Version newVersion) {
            return rows.recordVersions(deploymentId, oldVersion, newVersion);
        }

        @Override
        public boolean requestCancel(long deploymentId, CancelRequest request) {
            return rows.requestCancel(deploymentId, request);
        }

        @Override
        public Optional<CancelRequest> cancelRequest(long deploymentId) {
            return rows.cancelRequest(deploymentId);
        }

        @Override
        public List<Deployment> history(HistoryQuery query) {
            return rows.history(query);
        }

        @Override
        public List<DeploymentStats> stats(Instant since, @Nullable String fraise) {
            return rows.stats(since, fraise);
        }
    }
}
