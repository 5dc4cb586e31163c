package io.fraisier.core.internal.engine;

import io.fraisier.core.config.Scrubber;
import io.fraisier.core.internal.store.ForwardingDeploymentStore;
import io.fraisier.core.internal.store.ForwardingStore;
import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.FraisierStore;
import java.util.List;

/**
 * The store as the engine sees it: every error message and resolution reason a deployment row is given
 * goes through the {@link Scrubber} first, whichever path of the engine wrote it (a failed command's
 * output, an exception's text, an operator's reason). Events are scrubbed by {@link EventRecorder}.
 * Everything else is passed through. Thread-safe when the store is.
 */
public final class ScrubbingStore extends ForwardingStore {
    private final Scrubber scrubber;
    private final DeploymentStore deployments;

    private ScrubbingStore(FraisierStore store, Scrubber scrubber) {
        super(store);
        this.scrubber = scrubber;
        this.deployments = new Deployments(store.deployments());
    }

    /** {@code store} with its deployment writes scrubbed. */
    public static FraisierStore wrap(FraisierStore store, Scrubber scrubber) {
        return store instanceof ScrubbingStore ? store : new ScrubbingStore(store, scrubber);
    }

    @Override
    public DeploymentStore deployments() {
        return deployments;
    }

    private final class Deployments extends ForwardingDeploymentStore {
        Deployments(DeploymentStore rows) {
            super(rows);
        }

        @Override
        public Deployment transition(DeploymentUpdate u) {
            return delegate().transition(scrubbed(u));
        }

        @Override
        public Deployment transition(
                DeploymentUpdate u,
                java.util.function.Function<Deployment, List<io.fraisier.core.model.Notification.New>> notifications) {
            return delegate().transition(scrubbed(u), notifications);
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
        public boolean requestCancel(long deploymentId, CancelRequest request) {
            return delegate()
                    .requestCancel(
                            deploymentId,
                            new CancelRequest(
                                    request.requestedBy(),
                                    java.util.Objects.requireNonNullElse(scrubber.scrub(request.reason()), ""),
                                    request.requestedAt()));
        }
    }
}
