package io.fraisier.core.spi;

import io.fraisier.core.model.Deployment;
import java.time.Instant;
import java.util.List;

/**
 * One database holding everything Fraisier records. Opened by a {@link StoreFactory}; thread-safe;
 * several processes may open the same database.
 */
public interface FraisierStore extends AutoCloseable {
    /** Which store this is, for humans ({@code sqlite /var/lib/fraisier/fraisier.db}); never a secret. */
    String description();

    DeploymentStore deployments();

    DeploymentEventStore events();

    FraiseStateStore states();

    LockStore locks();

    DeploymentQueue queue();

    WebhookEventStore webhooks();

    MetricCounterStore counters();

    /**
     * Manual freezes of targets.
     *
     * @throws io.fraisier.core.error.FraisierException {@code NOT_AVAILABLE} when this store keeps none
     */
    default FreezeStore freezes() {
        throw new io.fraisier.core.error.FraisierException(
                io.fraisier.core.error.ErrorCode.NOT_AVAILABLE, description() + " keeps no freezes", null);
    }

    /**
     * The notification outbox.
     *
     * @throws io.fraisier.core.error.FraisierException {@code NOT_AVAILABLE} when this store keeps none
     */
    default NotificationOutbox outbox() {
        throw new io.fraisier.core.error.FraisierException(
                io.fraisier.core.error.ErrorCode.NOT_AVAILABLE, description() + " keeps no notification outbox", null);
    }

    /**
     * Removes finished deployments that ended before {@code before}, their events, and webhook events
     * received before it, in batches of one transaction each. Never touches the metric counters nor a
     * {@code pending} or {@code in_progress} deployment (nor a webhook event linked to one); a target's
     * latest deployment stays readable through {@code tb_fraise_state}. With {@code dryRun} it only
     * counts.
     *
     * @throws io.fraisier.core.error.FraisierException {@code NOT_AVAILABLE} when this store cannot prune
     */
    default io.fraisier.core.model.PruneResult prune(Instant before, boolean dryRun) {
        throw new io.fraisier.core.error.FraisierException(
                io.fraisier.core.error.ErrorCode.NOT_AVAILABLE, description() + " cannot prune", null);
    }

    /**
     * Crash recovery, run when a process starts: every {@code in_progress} deployment whose lock lease
     * expired before {@code now} (or that holds no lock) becomes {@code interrupted}, and its lock is
     * removed. Live leases are left alone. The policy and its wording are the engine's: every store
     * writes the same error type ({@code interrupted}) and the message it is given.
     *
     * @param errorMessage the error message written on each interrupted row (never a secret)
     * @return the deployments it marked interrupted
     */
    List<Deployment> recoverInterrupted(Instant now, String errorMessage);

    /**
     * {@link #recoverInterrupted(Instant, String)}, and writes to the notification outbox the messages
     * {@code notifications} makes of each row it marks interrupted, in the same transaction. {@code
     * notifications} must do no I/O.
     *
     * @throws io.fraisier.core.error.FraisierException {@code NOT_AVAILABLE} when this store keeps no outbox
     */
    default List<Deployment> recoverInterrupted(
            Instant now,
            String errorMessage,
            java.util.function.Function<Deployment, List<io.fraisier.core.model.Notification.New>> notifications) {
        throw new io.fraisier.core.error.FraisierException(
                io.fraisier.core.error.ErrorCode.NOT_AVAILABLE, description() + " keeps no notification outbox", null);
    }

    /**
     * Checks that the database answers.
     *
     * @throws io.fraisier.core.error.FraisierException {@code DATABASE_UNAVAILABLE} otherwise
     */
    void ping();

    /**
     * Checks that the database can store a write now, not only answer a read: a full disk, a read-only
     * file or file system, a read-only PostgreSQL (a standby, {@code default_transaction_read_only}) or
     * a write that failed for such a reason moments ago all fail it. Costs at most one tiny write; callers
     * that ask often (a health endpoint) cache the answer for about a second.
     *
     * @throws io.fraisier.core.error.FraisierException {@code DATABASE_UNAVAILABLE} when it cannot write;
     *     {@code CLOCK_SKEW} when this host's clock disagrees with a shared database server's, so that this
     *     process can take no lease
     */
    default void checkWritable() {
        ping();
    }

    @Override
    void close();
}
