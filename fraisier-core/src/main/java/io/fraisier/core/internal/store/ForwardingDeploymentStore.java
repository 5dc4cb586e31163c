package io.fraisier.core.internal.store;

import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Notification;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.DeploymentUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeploymentStore} that hands every call to another one, for the wrappers of the store to
 * override only what they change. Like {@link ForwardingStore}, it overrides the default methods too.
 */
public abstract class ForwardingDeploymentStore implements DeploymentStore {
    private final DeploymentStore rows;

    protected ForwardingDeploymentStore(DeploymentStore rows) {
        this.rows = rows;
    }

    /** The store every call goes to. */
    protected final DeploymentStore delegate() {
        return rows;
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
    public Deployment transition(DeploymentUpdate update) {
        return rows.transition(update);
    }

    @Override
    public Deployment transition(DeploymentUpdate update, Function<Deployment, List<Notification.New>> notifications) {
        return rows.transition(update, notifications);
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
