package io.fraisier.webhook;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.OrphanReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the daemon runs {@link Fraisier#recoverOrphans()}, which frees what a daemon killed outright
 * ({@code kill -9}, a crashed host) left behind (claims, locks, deployments {@code in_progress}): at
 * start-up and then at most once per interval by whichever idle worker gets there first. The policy is
 * core's; this class only schedules it and logs what it freed.
 *
 * <p>Thread-safe; a failure is logged and retried on the next round.
 */
final class OrphanRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanRecovery.class);

    private final Fraisier fraisier;
    private final Clock clock;
    private final Duration interval;
    private final AtomicReference<Instant> next = new AtomicReference<>(Instant.MIN);

    OrphanRecovery(Fraisier fraisier, Clock clock, Duration interval) {
        this.fraisier = Objects.requireNonNull(fraisier, "fraisier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
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
        OrphanReport report;
        try {
            report = fraisier.recoverOrphans();
        } catch (FraisierException e) {
            LOG.warn("Could not look for deployments left behind by dead daemons: {}", e.getMessage());
            return;
        }
        report.releasedClaims()
                .forEach((worker, released) ->
                        LOG.warn("Gave back {} deployment(s) claimed by {}, whose process is gone", released, worker));
        for (LockLease lock : report.releasedLocks()) {
            LOG.warn(
                    "Released the lock of {} held by {} (process gone) for deployment {}",
                    lock.target(),
                    lock.holder(),
                    lock.deploymentId());
        }
        for (Deployment d : report.interrupted()) {
            LOG.warn(
                    "deployment id={} target={} was left in_progress by a process that stopped (lease expired);"
                            + " marked interrupted",
                    d.id(),
                    d.target());
        }
    }
}
