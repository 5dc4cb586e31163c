package io.fraisier.testkit.fake;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.DeploymentQueue;
import io.fraisier.core.spi.DeploymentUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pending queue of an {@link InMemoryStore}; see there. */
final class InMemoryQueue implements DeploymentQueue {
    private final InMemoryStore db;

    InMemoryQueue(InMemoryStore db) {
        this.db = db;
    }

    @Override
    public Optional<Deployment> claimNext(String worker, Instant now) {
        synchronized (db.mutex) {
            db.checkUp();
            for (Deployment d : db.deployments.values()) {
                if (d.status() != DeploymentStatus.PENDING || liveClaim(d.id(), now)) {
                    continue;
                }
                LockLease lock = db.locks.get(d.target());
                boolean busy = (lock != null && !lock.isExpiredAt(now))
                        || db.deployments.values().stream()
                                .anyMatch(o -> o.target().equals(d.target())
                                        && (o.status() == DeploymentStatus.IN_PROGRESS
                                                || (o.status() == DeploymentStatus.PENDING && liveClaim(o.id(), now))));
                if (!busy) {
                    db.claims.put(d.id(), worker);
                    db.claimedAt.put(d.id(), now);
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    /** Whether {@code id} is claimed by a worker that may still start it (its claim is younger than the lease). */
    private boolean liveClaim(long id, Instant now) {
        Instant at = db.claimedAt.get(id);
        return db.claims.containsKey(id) && at != null && at.plus(CLAIM_LEASE).isAfter(now);
    }

    @Override
    public List<Long> supersedeOlder(Target target, long newerId, Instant now) {
        synchronized (db.mutex) {
            db.checkUp();
            List<Long> out = new ArrayList<>();
            for (Deployment d : List.copyOf(db.deployments.headMap(newerId).values())) {
                if (d.target().equals(target) && d.status() == DeploymentStatus.PENDING && !liveClaim(d.id(), now)) {
                    // as the real stores write it: history's ERROR column names the newer row
                    db.deploymentStore.apply(DeploymentUpdate.superseded(d.id(), newerId, now));
                    db.claims.remove(d.id());
                    db.claimedAt.remove(d.id());
                    out.add(d.id());
                }
            }
            return out;
        }
    }

    @Override
    public long depth() {
        synchronized (db.mutex) {
            db.checkUp();
            return db.deployments.values().stream()
                    .filter(d -> d.status() == DeploymentStatus.PENDING && !db.claims.containsKey(d.id()))
                    .count();
        }
    }

    @Override
    public int releaseClaims(String worker) {
        synchronized (db.mutex) {
            db.checkUp();
            List<Long> mine = db.claims.entrySet().stream()
                    .filter(e -> e.getValue().equals(worker))
                    .map(Map.Entry::getKey)
                    .filter(id -> db.deployments.get(id).status() == DeploymentStatus.PENDING)
                    .toList();
            mine.forEach(db.claims::remove);
            mine.forEach(db.claimedAt::remove);
            return mine.size();
        }
    }

    @Override
    public List<String> claimHolders() {
        synchronized (db.mutex) {
            db.checkUp();
            return db.claims.entrySet().stream()
                    .filter(e -> db.deployments.get(e.getKey()).status() == DeploymentStatus.PENDING)
                    .map(Map.Entry::getValue)
                    .distinct()
                    .sorted()
                    .toList();
        }
    }
}
