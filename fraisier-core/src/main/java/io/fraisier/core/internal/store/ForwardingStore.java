package io.fraisier.core.internal.store;

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
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link FraisierStore} that hands every call to another one, for the wrappers of the store
 * ({@code ScrubbingStore}, {@code NotifyingStore}) to override only what they change. It overrides every
 * method of the port, the default ones too: a default method left to the interface would silently run
 * its fallback instead of the real store's. Thread-safe when the store is.
 */
public abstract class ForwardingStore implements FraisierStore {
    private final FraisierStore store;

    protected ForwardingStore(FraisierStore store) {
        this.store = store;
    }

    /** The store every call goes to. */
    protected final FraisierStore delegate() {
        return store;
    }

    @Override
    public String description() {
        return store.description();
    }

    @Override
    public DeploymentStore deployments() {
        return store.deployments();
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
    public PruneResult prune(Instant before, boolean dryRun) {
        return store.prune(before, dryRun);
    }

    @Override
    public List<Deployment> recoverInterrupted(Instant now, String errorMessage) {
        return store.recoverInterrupted(now, errorMessage);
    }

    @Override
    public List<Deployment> recoverInterrupted(
            Instant now, String errorMessage, Function<Deployment, List<Notification.New>> notifications) {
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
}
