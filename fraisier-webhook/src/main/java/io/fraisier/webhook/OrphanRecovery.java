package io.fraisier.webhook;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.spi.ProcessLiveness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees what a daemon killed outright ({@code kill -9}, a crashed host) left behind, so that its work is
 * not stuck until someone restarts a daemon:
 *
 * <ul>
 *   <li>claims of workers of a dead process of this host go back to the queue at once (claims of other
 *       hosts are freed by the queue itself once older than {@code DeploymentQueue.CLAIM_LEASE});
 *   <li>locks held by a dead process of this host are released and their deployments marked
 *       {@code interrupted} (the engine's own rule for {@code fraisier lock release});
 *   <li>deployments {@code in_progress} whose lock lease expired are marked {@code interrupted}.
 * </ul>
 *
 * <p>Run at start-up and then at most once per interval by whichever idle worker gets there first.
 * Thread-safe; a failure is logged and retried on the next round.
 */
final class OrphanRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanRecovery.class);

    private final Fraisier fraisier;
    private final Clock clock;
    private final Duration interval;
    private final ProcessLiveness liveness;
    private final String host;
    private final AtomicReference<Instant> next = new AtomicReference<>(Instant.MIN);

    OrphanRecovery(Fraisier fraisier, Clock clock, Duration interval, ProcessLiveness liveness) {
        this.fraisier = Objects.requireNonNull(fraisier, "fraisier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.liveness = Objects.requireNonNull(liveness, "liveness");
        this.host = hostOf(fraisier.holderId());
    }

    /** Runs a round when the last one is older than the interval and no other thread is running one. */
    void runIfDue() {
        Instant now = clock.instant();
        Instant due = next.get();
        if (now.isBefore(due) || !next.compareAndSet(due, now.plus(interval))) {
            return;
        }
        run();
    }

    /** One round now. */
    void run() {
        try {
            releaseDeadClaims();
            releaseDeadLocks();
            List<Deployment> interrupted = fraisier.store().recoverInterrupted(clock.instant());
            for (Deployment d : interrupted) {
                LOG.warn(
                        "deployment id={} target={} was left in_progress by a process that stopped (lease expired);"
                                + " marked interrupted",
                        d.id(),
                        d.target());
            }
        } catch (FraisierException e) {
            LOG.warn("Could not look for deployments left behind by dead daemons: {}", e.getMessage());
        }
    }

    private void releaseDeadClaims() {
        for (String worker : fraisier.store().queue().claimHolders()) {
            String process = worker.contains("/") ? worker.substring(0, worker.indexOf('/')) : worker;
            if (isDeadLocalProcess(process)) {
                int released = fraisier.store().queue().releaseClaims(worker);
                if (released > 0) {
                    LOG.warn("Gave back {} deployment(s) claimed by {}, whose process is gone", released, worker);
                }
            }
        }
    }

    private void releaseDeadLocks() {
        for (LockLease lock : fraisier.store().locks().list()) {
            if (isDeadLocalProcess(lock.holder())) {
                try {
                    fraisier.releaseLock(lock.target(), false);
                    LOG.warn(
                            "Released the lock of {} held by {} (process gone) for deployment {}",
                            lock.target(),
                            lock.holder(),
                            lock.deploymentId());
                } catch (FraisierException e) {
                    // released meanwhile by another daemon, or the holder turned out to be alive
                    LOG.debug("Lock of {} not released: {}", lock.target(), e.getMessage());
                }
            }
        }
    }

    /** {@code host:pid} of this host whose process is not running (never this process itself). */
    private boolean isDeadLocalProcess(String holder) {
        int colon = holder.lastIndexOf(':');
        if (colon <= 0 || !holder.substring(0, colon).equals(host)) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(holder.substring(colon + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        return pid != ProcessHandle.current().pid() && !liveness.isAlive(pid);
    }

    private static String hostOf(String holderId) {
        int colon = holderId.lastIndexOf(':');
        return colon > 0 ? holderId.substring(0, colon) : holderId;
    }
}
