package io.fraisier.testkit.fake;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.FraiseState;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.DeploymentUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** The deployment rows of an {@link InMemoryStore}; see there. */
final class InMemoryDeploymentStore implements DeploymentStore {
    /** Statuses of deployments that ran to an end, counted by {@link #stats}. */
    static final Set<DeploymentStatus> FINISHED = EnumSet.of(
            DeploymentStatus.SUCCESS,
            DeploymentStatus.FAILED,
            DeploymentStatus.ROLLED_BACK,
            DeploymentStatus.ROLLBACK_FAILED,
            DeploymentStatus.INTERRUPTED);

    private final InMemoryStore db;

    InMemoryDeploymentStore(InMemoryStore db) {
        this.db = db;
    }

    @Override
    public Deployment create(NewDeployment r, Instant now) {
        synchronized (db.mutex) {
            db.checkUp();
            Deployment d = new Deployment(
                    db.nextId++,
                    r.target(),
                    r.provider(),
                    DeploymentStatus.PENDING,
                    r.trigger(),
                    r.triggeredBy(),
                    null,
                    r.requestedVersion(),
                    r.gitBranch(),
                    r.gitCommit(),
                    r.webhookEventId(),
                    r.requestedVersion(),
                    r.force(),
                    0,
                    now,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            db.deployments.put(d.id(), d);
            return d;
        }
    }

    @Override
    public Optional<Deployment> find(long id) {
        synchronized (db.mutex) {
            db.checkUp();
            return Optional.ofNullable(db.deployments.get(id));
        }
    }

    @Override
    public Deployment transition(DeploymentUpdate u) {
        synchronized (db.mutex) {
            db.checkUp();
            db.checkTransition(u.to());
            return apply(u);
        }
    }

    @Override
    public Deployment transition(
            DeploymentUpdate u,
            java.util.function.Function<Deployment, List<io.fraisier.core.model.Notification.New>> notifications) {
        synchronized (db.mutex) {
            db.checkUp();
            db.checkTransition(u.to());
            // under the one monitor: no reader sees the status without its messages
            Deployment after = apply(u);
            db.outbox.add(notifications.apply(after));
            return after;
        }
    }

    @Override
    public boolean recordVersions(long deploymentId, @Nullable Version oldVersion, Version newVersion) {
        synchronized (db.mutex) {
            Deployment row = db.deployments.get(deploymentId);
            if (row == null || row.status() != DeploymentStatus.IN_PROGRESS) {
                return false;
            }
            db.deployments.put(deploymentId, row.withVersions(oldVersion, newVersion));
            return true;
        }
    }

    @Override
    public boolean requestCancel(long deploymentId, CancelRequest request) {
        synchronized (db.mutex) {
            db.checkUp();
            Deployment row = db.deployments.get(deploymentId);
            if (row == null || row.status().isTerminal()) {
                return false;
            }
            db.cancels.putIfAbsent(deploymentId, request);
            return true;
        }
    }

    @Override
    public Optional<CancelRequest> cancelRequest(long deploymentId) {
        synchronized (db.mutex) {
            db.checkUp();
            return Optional.ofNullable(db.cancels.get(deploymentId));
        }
    }

    /** The transition itself; the caller holds the mutex. */
    Deployment apply(DeploymentUpdate u) {
        Deployment row = db.deployments.get(u.deploymentId());
        if (row == null) {
            throw new FraisierException(ErrorCode.NOT_FOUND, "No deployment #" + u.deploymentId(), null);
        }
        if (row.status() != u.from() || !row.status().canMoveTo(u.to())) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Deployment #" + row.id() + " is " + row.status().dbValue() + ", so it cannot go from "
                            + u.from().dbValue() + " to " + u.to().dbValue(),
                    null);
        }
        long current = db.tokens.getOrDefault(row.target(), 0L);
        if (u.fencingToken() != 0 && u.fencingToken() != current) {
            throw new FraisierException(
                    ErrorCode.FENCED,
                    "Write to deployment #" + row.id() + " refused: fencing token " + u.fencingToken()
                            + " is stale, the lock of " + row.target() + " is at token " + current,
                    null);
        }
        boolean ending = !row.status().isTerminal() && u.to().isTerminal();
        Instant started = u.to() == DeploymentStatus.IN_PROGRESS ? u.at() : row.startedAt();
        Instant completed = ending ? u.at() : row.completedAt();
        Double duration = ending && started != null
                ? Double.valueOf(Duration.between(started, u.at()).toMillis() / 1000.0)
                : row.durationSeconds();
        Deployment next = new Deployment(
                row.id(),
                row.target(),
                row.provider(),
                u.to(),
                row.trigger(),
                row.triggeredBy(),
                or(u.oldVersion(), row.oldVersion()),
                or(u.newVersion(), row.newVersion()),
                row.gitBranch(),
                row.gitCommit(),
                row.webhookEventId(),
                row.requestedVersion(),
                row.force(),
                u.fencingToken() != 0 ? u.fencingToken() : row.fencingToken(),
                row.createdAt(),
                started,
                completed,
                duration,
                or(u.errorType(), row.errorType()),
                or(u.errorMessage(), row.errorMessage()),
                or(u.resolvedBy(), row.resolvedBy()),
                or(u.resolutionReason(), row.resolutionReason()));
        db.deployments.put(next.id(), next);
        db.claims.remove(next.id());
        db.claimedAt.remove(next.id());
        if (u.to().isTerminal() && next.startedAt() != null) {
            FraiseState before = db.states.get(next.target());
            db.states.put(
                    next.target(),
                    new FraiseState(
                            next.target(),
                            next.provider(),
                            u.stateVersion() != null
                                    ? u.stateVersion()
                                    : before == null ? null : before.currentVersion(),
                            next.status(),
                            next.id(),
                            u.at()));
        }
        if (ending) {
            db.counters.record(next);
        }
        return next;
    }

    private static <T> @Nullable T or(@Nullable T value, @Nullable T fallback) {
        return value != null ? value : fallback;
    }

    @Override
    public List<Deployment> history(HistoryQuery q) {
        synchronized (db.mutex) {
            db.checkUp();
            return db.deployments.descendingMap().values().stream()
                    .filter(d ->
                            q.fraise() == null || q.fraise().equals(d.target().fraise()))
                    .filter(d -> q.environment() == null
                            || q.environment().equals(d.target().environment()))
                    .filter(d -> q.status() == null || q.status() == d.status())
                    .filter(d -> q.since() == null || !d.createdAt().isBefore(q.since()))
                    .limit(q.limit())
                    .toList();
        }
    }

    @Override
    public List<DeploymentStats> stats(Instant since, @Nullable String fraise) {
        synchronized (db.mutex) {
            db.checkUp();
            List<Deployment> window = db.deployments.values().stream()
                    .filter(d -> FINISHED.contains(d.status()))
                    .filter(d -> d.completedAt() != null && !d.completedAt().isBefore(since))
                    .filter(d -> fraise == null || fraise.equals(d.target().fraise()))
                    .toList();
            List<DeploymentStats> out = new ArrayList<>();
            for (String name :
                    new TreeSet<>(window.stream().map(d -> d.target().fraise()).toList())) {
                out.add(aggregate(
                        name,
                        window.stream()
                                .filter(d -> d.target().fraise().equals(name))
                                .toList()));
            }
            out.add(aggregate(null, window));
            return out;
        }
    }

    private static DeploymentStats aggregate(@Nullable String fraise, List<Deployment> rows) {
        long successes = count(rows, EnumSet.of(DeploymentStatus.SUCCESS));
        long failures = count(rows, EnumSet.of(DeploymentStatus.FAILED, DeploymentStatus.ROLLBACK_FAILED));
        long rollbacks = count(rows, EnumSet.of(DeploymentStatus.ROLLED_BACK, DeploymentStatus.ROLLBACK_FAILED));
        List<Double> durations = rows.stream()
                .map(Deployment::durationSeconds)
                .filter(Objects::nonNull)
                .sorted()
                .toList();
        Double average = durations.isEmpty()
                ? null
                : durations.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        Double p95 = DeploymentStats.percentile(durations, 0.95);
        return new DeploymentStats(fraise, rows.size(), successes, failures, rollbacks, average, p95);
    }

    private static long count(List<Deployment> rows, Set<DeploymentStatus> statuses) {
        return rows.stream().filter(d -> statuses.contains(d.status())).count();
    }
}
