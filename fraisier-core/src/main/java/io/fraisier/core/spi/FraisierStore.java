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
     * Crash recovery, run when a process starts: every {@code in_progress} deployment whose lock lease
     * expired before {@code now} (or that holds no lock) becomes {@code interrupted}, and its lock is
     * removed. Live leases are left alone.
     *
     * @return the deployments it marked interrupted
     */
    List<Deployment> recoverInterrupted(Instant now);

    /**
     * Checks that the database answers.
     *
     * @throws io.fraisier.core.api.FraisierException {@code DATABASE_UNAVAILABLE} otherwise
     */
    void ping();

    @Override
    void close();
}
