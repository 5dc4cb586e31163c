package io.fraisier.core.internal.notify;

import io.fraisier.core.internal.store.ForwardingDeploymentStore;
import io.fraisier.core.internal.store.ForwardingStore;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.Notification;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.FraisierStore;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The store as the engine sees it when notifications are configured: a deployment's move to a terminal
 * status that some channel takes writes its outbox messages in the same transaction
 * ({@link DeploymentStore#transition(DeploymentUpdate, Function)}), whichever path of the engine made it.
 * A crash after the status is stored therefore loses no announcement. Everything else is passed through.
 */
public final class NotifyingStore extends ForwardingStore {
    private final NotificationRenderer renderer;
    private final DeploymentStore deployments;

    private NotifyingStore(FraisierStore store, NotificationRenderer renderer) {
        super(store);
        this.renderer = renderer;
        this.deployments = new Deployments(store.deployments());
    }

    /** {@code store} with announcing transitions. */
    public static FraisierStore wrap(FraisierStore store, NotificationRenderer renderer) {
        return new NotifyingStore(store, renderer);
    }

    @Override
    public DeploymentStore deployments() {
        return deployments;
    }

    @Override
    public List<Deployment> recoverInterrupted(Instant now, String errorMessage) {
        if (renderer.wants(
                io.fraisier.core.model.DeploymentStatus.IN_PROGRESS,
                io.fraisier.core.model.DeploymentStatus.INTERRUPTED)) {
            return delegate().recoverInterrupted(now, errorMessage, renderer::render);
        }
        return delegate().recoverInterrupted(now, errorMessage);
    }

    @Override
    public List<Deployment> recoverInterrupted(
            Instant now, String errorMessage, Function<Deployment, List<Notification.New>> more) {
        return delegate().recoverInterrupted(now, errorMessage, d -> {
            List<Notification.New> all = new java.util.ArrayList<>(more.apply(d));
            if (renderer.wants(
                    io.fraisier.core.model.DeploymentStatus.IN_PROGRESS,
                    io.fraisier.core.model.DeploymentStatus.INTERRUPTED)) {
                all.addAll(renderer.render(d));
            }
            return all;
        });
    }

    private final class Deployments extends ForwardingDeploymentStore {
        Deployments(DeploymentStore rows) {
            super(rows);
        }

        @Override
        public Deployment transition(DeploymentUpdate u) {
            if (renderer.wants(u.from(), u.to())) {
                return delegate().transition(u, renderer::render);
            }
            return delegate().transition(u);
        }

        @Override
        public Deployment transition(DeploymentUpdate u, Function<Deployment, List<Notification.New>> more) {
            return delegate().transition(u, d -> {
                List<Notification.New> all = new java.util.ArrayList<>(more.apply(d));
                if (renderer.wants(u.from(), u.to())) {
                    all.addAll(renderer.render(d));
                }
                return all;
            });
        }
    }
}
