package io.fraisier.core.model;

import java.util.List;
import java.util.Map;

/**
 * What one round of orphan recovery ({@code Fraisier.recoverOrphans()}) freed.
 *
 * @param releasedClaims queue claims given back, by the worker that held them (a dead process of this host)
 * @param releasedLocks locks released because their holder, a process of this host, is gone
 * @param interrupted deployments marked {@code interrupted}: their process stopped before they ended
 */
public record OrphanReport(
        Map<String, Integer> releasedClaims, List<LockLease> releasedLocks, List<Deployment> interrupted) {
    public OrphanReport {
        releasedClaims = Map.copyOf(releasedClaims);
        releasedLocks = List.copyOf(releasedLocks);
        interrupted = List.copyOf(interrupted);
    }
}
