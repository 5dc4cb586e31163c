package io.fraisier.core.spi;

import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Deployment rows ({@code tb_deployment}). Implementations are thread-safe and may be shared by
 * several processes on one database.
 */
public interface DeploymentStore {
    /** Writes a new {@code pending} row and returns it with its id. */
    Deployment create(NewDeployment request, Instant now);

    Optional<Deployment> find(long id);

    /**
     * Applies a status change and the fields that go with it, atomically. When the new status is
     * terminal, the target's {@code tb_fraise_state} row and the durable metric counters are updated in
     * the same transaction.
     *
     * @throws io.fraisier.core.error.FraisierException {@code FENCED} when {@code update.fencingToken()} is
     *     not the target's current token (a newer holder took the lock), {@code USAGE} when the transition
     *     is not allowed from the row's current status
     */
    Deployment transition(DeploymentUpdate update);

    /**
     * {@link #transition(DeploymentUpdate)}, and writes to the notification outbox the messages
     * {@code notifications} makes of the updated row, in the same transaction: the status and its
     * announcements are both stored or neither is. {@code notifications} must do no I/O (it runs inside
     * the transaction).
     *
     * @throws io.fraisier.core.error.FraisierException {@code NOT_AVAILABLE} when this store keeps no outbox,
     *     and what {@link #transition(DeploymentUpdate)} throws
     */
    default Deployment transition(
            DeploymentUpdate update,
            java.util.function.Function<Deployment, List<io.fraisier.core.model.Notification.New>> notifications) {
        throw new io.fraisier.core.error.FraisierException(
                io.fraisier.core.error.ErrorCode.NOT_AVAILABLE, "this store keeps no notification outbox", null);
    }

    /**
     * Records, on a row still {@code in_progress}, the version found running and the one being deployed,
     * as soon as the run knows them: a run that dies before it ends (a killed process, a lost host) then
     * still shows what it was doing when it is marked {@code interrupted}.
     *
     * @return whether the row was changed (false when it is no longer in progress)
     */
    boolean recordVersions(long deploymentId, @Nullable Version oldVersion, Version newVersion);

    /**
     * Records an operator's request that a deployment stop ({@code fraisier cancel}), for the process that
     * runs it to see. Only a {@code pending} or {@code in_progress} row takes a request; the first request
     * is kept (a second one does not overwrite who asked first).
     *
     * @return whether the row now carries a request (false for an unknown id or a finished row)
     */
    boolean requestCancel(long deploymentId, CancelRequest request);

    /**
     * The cancel request recorded on a deployment, if any. Cheap (one row by primary key): a running
     * deployment asks it about once a second.
     */
    Optional<CancelRequest> cancelRequest(long deploymentId);

    /** Deployments matching the query, newest first. */
    List<Deployment> history(HistoryQuery query);

    /**
     * Aggregates of deployments that finished at or after {@code since}: one row per fraise (in name
     * order), then the total (fraise null) last. {@code fraise} non-null restricts to one fraise.
     */
    List<DeploymentStats> stats(Instant since, @Nullable String fraise);
}
