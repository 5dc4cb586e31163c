package io.fraisier.core.internal.engine;

import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.locking.Holder;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.OrphanReport;
import io.fraisier.core.spi.ProcessLiveness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Crash recovery, the one place of its policy and wording: deployments left {@code in_progress} by a
 * process that stopped become {@code interrupted} (every store writes {@link #INTERRUPTED_MESSAGE}), and
 * what a dead process of this host held (queue claims, target locks) is given back. Thread-safe.
 */
public final class CrashRecovery {
    /** The error message of a row crash recovery marked {@code interrupted}, whatever the store. */
    public static final String INTERRUPTED_MESSAGE =
            "The process running this deployment stopped before it finished (its lock lease expired);"
                    + " check the target's actual version before deploying again";

    /** The event written on a row recovered when a process starts. */
    public static final String ON_START = "its process died: lease expired, marked interrupted on start-up";
    /** The event written on a row recovered after an operator (or a daemon) released its lock. */
    public static final String ON_RELEASE = "marked interrupted after its lock was released by an operator";
    /** The event written on a row recovered by a daemon's periodic round. */
    public static final String ON_ROUND = "its process stopped (lease expired): marked interrupted by a daemon";

    private final EngineServices services;
    private final ProcessLiveness liveness;

    public CrashRecovery(EngineServices services, ProcessLiveness liveness) {
        this.services = services;
        this.liveness = liveness;
    }

    /**
     * Marks {@code interrupted} every {@code in_progress} deployment without a live lease of its own,
     * recording {@code event} on each.
     */
    public List<Deployment> interruptOrphans(Instant now, String event) {
        List<Deployment> recovered = services.store().recoverInterrupted(now, INTERRUPTED_MESSAGE);
        for (Deployment d : recovered) {
            services.recorder().warn(d, "recovery", event);
            fleetPositions(d)
                    .ifPresent(hosts -> services.recorder()
                            .warn(
                                    d,
                                    "recovery",
                                    "it stopped with " + hosts + "; check these hosts (`fraisier status`) before"
                                            + " deploying again"));
            services.recorder().status(d);
        }
        return recovered;
    }

    /** The last word a fleet rollout wrote on which host runs which version; empty for one host. */
    private java.util.Optional<String> fleetPositions(Deployment d) {
        try {
            List<DeploymentEvent> events = services.store().events().list(d.id());
            for (int i = events.size() - 1; i >= 0; i--) {
                DeploymentEvent e = events.get(i);
                if (e.step().equals(FleetRun.FLEET_STEP) && e.message().startsWith(FleetRun.POSITIONS)) {
                    return java.util.Optional.of(e.message().substring(FleetRun.POSITIONS.length()));
                }
            }
        } catch (RuntimeException unreadable) {
            // the recovery itself stands; only its detail is missing
        }
        return java.util.Optional.empty();
    }

    /**
     * One round for a daemon: gives back the claims of workers of a dead process of this host (claims of
     * other hosts are freed by the queue itself once older than its claim lease), releases the locks such
     * processes held and marks their deployments {@code interrupted}, then marks {@code interrupted} the
     * deployments whose lease expired. Never touches what this process holds.
     *
     * @param operator releases a dead holder's lock by the operators' own rule ({@code fraisier lock
     *     release} without {@code --force})
     */
    public OrphanReport recoverOrphans(OperatorActions operator) {
        String self = services.holder();
        Map<String, Integer> claims = new LinkedHashMap<>();
        for (String worker : services.store().queue().claimHolders()) {
            if (isDeadLocalProcess(Holder.ofWorker(worker), self)) {
                int released = services.store().queue().releaseClaims(worker);
                if (released > 0) {
                    claims.put(worker, released);
                }
            }
        }
        List<LockLease> locks = new ArrayList<>();
        for (LockLease lock : services.store().locks().list()) {
            if (isDeadLocalProcess(Holder.parse(lock.holder()), self)) {
                try {
                    operator.releaseLock(lock.target(), false, self);
                    locks.add(lock);
                } catch (FraisierException e) {
                    // released meanwhile by another daemon, or the holder turned out to be alive
                }
            }
        }
        List<Deployment> interrupted = interruptOrphans(services.clock().instant(), ON_ROUND);
        return new OrphanReport(claims, locks, interrupted);
    }

    private boolean isDeadLocalProcess(Holder holder, String self) {
        Holder me = Holder.parse(self);
        return !holder.equals(me) && holder.isGoneFrom(self, liveness);
    }
}
