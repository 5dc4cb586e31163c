package io.fraisier.core.internal.engine;

import io.fraisier.core.config.Scrubber;
import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Version;
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
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The store as the engine sees it: every error message and resolution reason a deployment row is given
 * goes through the {@link Scrubber} first, whichever path of the engine wrote it (a failed command's
 * output, an exception's text, an operator's reason). Events are scrubbed by {@link EventRecorder}.
 * Everything else is passed through. Thread-safe when the store is.
 */
public final class ScrubbingStore implements FraisierStore {
    private final FraisierStore store;
    private final Scrubber scrubber;
    private final DeploymentStore deployments;

    private ScrubbingStore(FraisierStore store, Scrubber scrubber) {
        this.store = store;
        this.scrubber = scrubber;
        this.deployments = new Deployments(store.deployments());
    }

    /** {@code store} with its deployment writes scrubbed. */
    public static FraisierStore wrap(FraisierStore store, Scrubber scrubber) {
        return store instanceof ScrubbingStore ? store : new ScrubbingStore(store, scrubber);
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
    public io.fraisier.core.spi.FreezeStore freezes() {
        return store.freezes();
    }

    @Override
    public io.fraisier.core.spi.NotificationOutbox outbox() {
        return store.outbox();
    }

    @Override
    public io.fraisier.core.model.PruneResult prune(Instant before, boolean dryRun) {
        return store.prune(before, dryRun);
    }

    @Override
    public List<Deployment> recoverInterrupted(Instant now, String errorMessage) {
        return store.recoverInterrupted(now, errorMessage);
    }

    @Override
    public List<Deployment> recoverInterrupted(
            Instant now,
            String errorMessage,
            java.util.function.Function<Deployment, List<io.fraisier.core.model.Notification.New>> notifications) {
        return store.recoverInterrupted(now, errorMessage, notifications);
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
            return rows.transition(scrubbed(u));
        }

        @Override
        public Deployment transition(
                DeploymentUpdate u,
                java.util.function.Function<Deployment, List<io.fraisier.core.model.Notification.New>> notifications) {
            return rows.transition(scrubbed(u), notifications);
        }

        private DeploymentUpdate scrubbed(DeploymentUpdate u) {
            return (new DeploymentUpdate(
                    u.deploymentId(),
                    u.from(),
                    u.to(),
                    u.fencingToken(),
                    u.at(),
                    u.oldVersion(),
                    u.newVersion(),
                    u.stateVersion(),
                    u.errorType(),
                    scrubber.scrub(u.errorMessage()),
                    u.resolvedBy(),
                    scrubber.scrub(u.resolutionReason())));
        }

        @Override
        public boolean recordVersions(long deploymentId, @Nullable Version oldVersion, Version newVersion) {
            return rows.recordVersions(deploymentId, oldVersion, newVersion);
        }

        @Override
        public boolean requestCancel(long deploymentId, CancelRequest request) {
            return rows.requestCancel(
                    deploymentId,
                    new CancelRequest(
                            request.requestedBy(),
                            java.util.Objects.requireNonNullElse(scrubber.scrub(request.reason()), ""),
                            request.requestedAt()));
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
