package io.fraisier.webhook;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.QueueTurn;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's workers: {@code webhook.workers} threads that take turns at the shared queue through
 * {@link Fraisier#runNextQueued(String, java.util.function.Predicate)} (core claims one row per worker
 * across every daemon on the database, runs it, and gives it back when the worker is stopping). A worker that finds the queue empty waits for {@link #wake()} (a push
 * queued here) or the poll interval (a push queued by another daemon, a deployment that freed its
 * target).
 *
 * <p>{@link #stop(Duration)} lets running deployments finish within the drain time, interrupts those
 * that do not (the engine records how they ended), and gives back claims that never started so that
 * another daemon runs them. What a daemon killed outright leaves behind is freed by {@link
 * OrphanRecovery} on start-up and while idle.
 *
 * <p>Thread-safe.
 */
public final class DeploymentWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentWorkers.class);
    /** How often idle workers look for claims, locks and deployments left behind by dead daemons. */
    static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(10);

    private final Fraisier fraisier;
    private final Clock clock;
    private final Duration pollInterval;
    private final List<String> workerIds;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final Semaphore wakeups = new Semaphore(0);
    private final OrphanRecovery recovery;
    private volatile boolean stopping;

    /**
     * @param count how many deployments may run at once (distinct targets only)
     * @param pollInterval how long an idle worker waits before looking at the queue again
     */
    public DeploymentWorkers(Fraisier fraisier, int count, Clock clock, Duration pollInterval) {
        this.fraisier = Objects.requireNonNull(fraisier, "fraisier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (count < 1) {
            throw new FraisierException(
                    io.fraisier.core.error.ErrorCode.CONFIG_INVALID,
                    "webhook.workers must be 1 or more, was " + count,
                    "Set webhook.workers to how many deployments may run at once.");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(fraisier.holderId() + "/worker-" + i);
        }
        this.workerIds = List.copyOf(ids);
        this.recovery = new OrphanRecovery(fraisier, clock, RECOVERY_INTERVAL);
    }

    /** Worker ids, as claims record them ({@code host:pid/worker-N}). */
    public List<String> workerIds() {
        return workerIds;
    }

    public synchronized void start() {
        if (!threads.isEmpty() || stopping) {
            return;
        }
        recovery.runIfDue();
        for (String id : workerIds) {
            Thread thread = Thread.ofPlatform()
                    .name("fraisier-" + id.substring(id.lastIndexOf('/') + 1))
                    .unstarted(() -> loop(id));
            threads.add(thread);
            thread.start();
        }
    }

    /** Tells idle workers to look at the queue now. */
    public void wake() {
        if (wakeups.availablePermits() < workerIds.size()) {
            wakeups.release(workerIds.size());
        }
    }

    /** Workers running a deployment now. */
    public int busy() {
        return busy.get();
    }

    /**
     * Stops claiming, waits up to {@code drain} for running deployments, interrupts the rest, and
     * releases claims that never started.
     *
     * @return how many deployments were still running when the drain time ran out
     */
    public synchronized int stop(Duration drain) {
        stopping = true;
        wakeups.release(workerIds.size() * 2);
        long deadline = System.nanoTime() + drain.toNanos();
        int unfinished = 0;
        for (Thread thread : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    thread.join(Duration.ofNanos(left));
                }
                if (thread.isAlive()) {
                    unfinished++;
                    thread.interrupt();
                    thread.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (unfinished > 0) {
            LOG.warn(
                    "{} deployment(s) still ran after the {} ms drain and were interrupted; "
                            + "`fraisier status` shows how each ended",
                    unfinished,
                    drain.toMillis());
        }
        for (String id : workerIds) {
            try {
                int released = fraisier.releaseClaims(id);
                if (released > 0) {
                    LOG.info("Gave back {} unstarted deployment(s) claimed by {}", released, id);
                }
            } catch (FraisierException e) {
                LOG.warn("Could not give back the claims of {}: {}", id, e.getMessage());
            }
        }
        return unfinished;
    }

    private void loop(String workerId) {
        boolean claimOwed = false;
        while (!stopping) {
            if (claimOwed) {
                // the last row failed before it started (the database went away under it) and may still be
                // pending under this worker's claim, which holds its target for the claim's lease (minutes):
                // give it back first, so that it runs once the database is back
                claimOwed = !giveBack(workerId);
                if (claimOwed) {
                    idle();
                    continue;
                }
            }
            QueueTurn turn;
            try {
                turn = fraisier.runNextQueued(workerId, this::startRunning);
            } catch (FraisierException e) {
                LOG.warn("{} cannot read the deployment queue: {}", workerId, e.getMessage());
                idle();
                continue;
            }
            switch (turn) {
                case QueueTurn.Idle idle -> {
                    recovery.runIfDue();
                    idle();
                }
                case QueueTurn.GivenBack givenBack -> {
                    // not started: another daemon runs it
                    return;
                }
                case QueueTurn.Ran ran -> {
                    busy.decrementAndGet();
                    Deployment deployment = ran.claimed();
                    LOG.info(
                            "deployment id={} target={} trigger={} outcome={} worker={}",
                            deployment.id(),
                            deployment.target(),
                            deployment.trigger().dbValue(),
                            ran.outcome().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
                            workerId);
                }
                case QueueTurn.Failed failed -> {
                    busy.decrementAndGet();
                    logFailure(failed.claimed(), failed.error());
                    claimOwed = true;
                }
            }
        }
    }

    /** Gives back what {@code workerId} still claims; false when the store refused (tried again later). */
    private boolean giveBack(String workerId) {
        try {
            int released = fraisier.releaseClaims(workerId);
            if (released > 0) {
                LOG.info("{} gave back {} deployment(s) that could not start, to be run again", workerId, released);
            }
            return true;
        } catch (FraisierException e) {
            LOG.debug("{} cannot give back its claim yet: {}", workerId, e.getMessage());
            return false;
        }
    }

    /** Asked by core once a row is claimed: runs it unless the daemon is stopping. */
    private boolean startRunning(Deployment claimed) {
        if (stopping) {
            return false;
        }
        busy.incrementAndGet();
        return true;
    }

    private static void logFailure(Deployment deployment, RuntimeException error) {
        if (error instanceof FraisierException e) {
            LOG.warn(
                    "deployment id={} target={} could not run ({}): {}",
                    deployment.id(),
                    deployment.target(),
                    e.code().id(),
                    e.getMessage());
        } else {
            LOG.error("deployment id={} target={} failed unexpectedly", deployment.id(), deployment.target(), error);
        }
    }

    private void idle() {
        try {
            wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
