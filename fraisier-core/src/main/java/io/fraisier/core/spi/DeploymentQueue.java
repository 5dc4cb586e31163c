package io.fraisier.core.spi;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue of {@code pending} deployments (rows of {@code tb_deployment}), shared by every
 * daemon on one database. Implementations are thread-safe and safe across processes sharing the database.
 */
public interface DeploymentQueue {
    /**
     * How long a claim that never started holds its row. A worker starts a claimed deployment within
     * milliseconds; a claim older than this belongs to a worker that died (a daemon killed outright) and
     * is treated as no claim: the row can be claimed again and no longer blocks its target.
     */
    Duration CLAIM_LEASE = Duration.ofMinutes(2);

    /**
     * Claims the oldest pending deployment that no other worker has claimed (or whose claim is older
     * than {@link #CLAIM_LEASE}), whose target has no deployment {@code in_progress}, no live claim and
     * no live lock, and moves it to claimed-by-{@code worker} at {@code now}. Exactly one of several
     * racing workers gets a given row ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL).
     */
    Optional<Deployment> claimNext(String worker, Instant now);

    /**
     * Marks every pending, unclaimed (or stale-claimed) deployment of {@code target} older than {@code newerId} as
     * {@code superseded}.
     *
     * @return the ids superseded
     */
    List<Long> supersedeOlder(Target target, long newerId, Instant now);

    /** Pending deployments not claimed (a stale claim counts as claimed until a worker takes the row again). */
    long depth();

    /** Gives back claims of {@code worker} that never started (a worker that stops). */
    int releaseClaims(String worker);

    /**
     * The workers that hold claims on pending deployments now, whatever the claims' age, so that a
     * process can give back the claims of workers it knows are dead (a process of its own host that is
     * gone) without waiting for {@link #CLAIM_LEASE}.
     */
    List<String> claimHolders();
}
