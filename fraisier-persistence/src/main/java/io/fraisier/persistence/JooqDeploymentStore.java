package io.fraisier.persistence;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.DeploymentUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.UpdateSetMoreStep;
import org.jspecify.annotations.Nullable;

/** {@link DeploymentStore} on {@code tb_deployment}. Thread-safe; safe across processes. */
final class JooqDeploymentStore implements DeploymentStore {
    private final Database db;
    private final Tables.Deployment d;
    private final JooqFraiseStateStore states;
    private final JooqMetricCounterStore counters;
    private final JooqOutbox outbox;

    JooqDeploymentStore(Database db, JooqFraiseStateStore states, JooqMetricCounterStore counters) {
        this.db = db;
        this.d = db.t().deployment;
        this.states = states;
        this.counters = counters;
        this.outbox = new JooqOutbox(db);
    }

    @Override
    public Deployment create(NewDeployment r, Instant now) {
        // one auto-committed statement that returns the whole row (the webhook daemon queues one per push)
        return db.write(ctx -> toDeployment(ctx.insertInto(d.t)
                .set(d.fraise, r.target().fraise())
                .set(d.environment, r.target().environment())
                .set(d.provider, r.provider())
                .set(d.status, DeploymentStatus.PENDING.dbValue())
                .set(d.trigger, r.trigger().dbValue())
                .set(d.triggeredBy, r.triggeredBy())
                .set(d.requestedVersion, text(r.requestedVersion()))
                .set(d.gitBranch, r.gitBranch())
                .set(d.gitCommit, r.gitCommit())
                .set(d.webhookEventId, r.webhookEventId())
                .set(d.force, r.force())
                .set(d.fencingToken, 0L)
                .set(d.createdAt, now)
                .returningResult(d.all())
                .fetchSingle()));
    }

    @Override
    public Optional<Deployment> find(long id) {
        return db.query(c -> db.reads.deployment(c, id, false));
    }

    @Override
    public Deployment transition(DeploymentUpdate update) {
        return db.tx(ctx -> transitionIn(ctx, update));
    }

    @Override
    public Deployment transition(
            DeploymentUpdate update,
            java.util.function.Function<Deployment, List<io.fraisier.core.model.Notification.New>> notifications) {
        return db.tx(ctx -> {
            Deployment after = transitionIn(ctx, update);
            outbox.insertIn(ctx, notifications.apply(after));
            return after;
        });
    }

    @Override
    public boolean recordVersions(long deploymentId, @Nullable Version oldVersion, Version newVersion) {
        return db.tx(ctx -> ctx.update(d.t)
                        .set(d.oldVersion, text(oldVersion))
                        .set(d.newVersion, text(newVersion))
                        .where(d.id.eq(deploymentId))
                        .and(d.status.eq(DeploymentStatus.IN_PROGRESS.dbValue()))
                        .execute())
                == 1;
    }

    @Override
    public boolean requestCancel(long deploymentId, CancelRequest request) {
        // one statement: it cannot land on a row that finished meanwhile, and the first request stays
        return db.write(ctx -> {
            int changed = ctx.update(d.t)
                    .set(d.cancelRequestedBy, request.requestedBy())
                    .set(d.cancelReason, request.reason())
                    .set(d.cancelRequestedAt, request.requestedAt())
                    .where(d.id.eq(deploymentId))
                    .and(d.status.in(DeploymentStatus.PENDING.dbValue(), DeploymentStatus.IN_PROGRESS.dbValue()))
                    .and(d.cancelRequestedBy.isNull())
                    .execute();
            if (changed == 1) {
                return true;
            }
            return ctx.fetchExists(ctx.selectOne()
                    .from(d.t)
                    .where(d.id.eq(deploymentId))
                    .and(d.status.in(DeploymentStatus.PENDING.dbValue(), DeploymentStatus.IN_PROGRESS.dbValue()))
                    .and(d.cancelRequestedBy.isNotNull()));
        });
    }

    @Override
    public Optional<CancelRequest> cancelRequest(long deploymentId) {
        return db.read(ctx -> ctx.select(d.cancelRequestedBy, d.cancelReason, d.cancelRequestedAt)
                .from(d.t)
                .where(d.id.eq(deploymentId))
                .and(d.cancelRequestedBy.isNotNull())
                .fetchOptional(r -> new CancelRequest(r.value1(), r.value2() == null ? "" : r.value2(), r.value3())));
    }

    /** The transition inside a caller's transaction (the queue and crash recovery reuse it). */
    Deployment transitionIn(DSLContext ctx, DeploymentUpdate u) {
        Deployment before = findIn(ctx, u.deploymentId(), true)
                .orElseThrow(() -> new FraisierException(
                        ErrorCode.NOT_FOUND,
                        "Deployment " + u.deploymentId() + " does not exist",
                        "See `fraisier history` for deployment ids."));
        if (before.status() != u.from() || !before.status().canMoveTo(u.to())) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Deployment " + before.id() + " of " + before.target() + " is "
                            + before.status().dbValue() + ": it cannot go from "
                            + u.from().dbValue() + " to " + u.to().dbValue(),
                    "Another process changed it first; reload it with `fraisier status "
                            + before.target().fraise() + " " + before.target().environment() + "`.");
        }
        if (u.fencingToken() != 0) {
            checkFence(ctx, before.target(), u.fencingToken());
        }
        UpdateSetMoreStep<Record> set = ctx.update(d.t).set(d.status, u.to().dbValue());
        Instant startedAt = before.startedAt();
        if (u.to() == DeploymentStatus.IN_PROGRESS) {
            set = set.set(d.startedAt, u.at());
            startedAt = u.at();
        }
        if (u.fencingToken() != 0) {
            set = set.set(d.fencingToken, u.fencingToken());
        }
        // a manual resolution keeps the original end time, so windows and durations stay true
        if (u.to().isTerminal() && !u.from().isTerminal()) {
            set = set.set(d.completedAt, u.at());
            set = set.set(
                    d.durationSeconds,
                    startedAt == null
                            ? null
                            : Duration.between(startedAt, u.at()).toNanos() / 1e9);
        }
        set = setIfPresent(set, d.oldVersion, text(u.oldVersion()));
        set = setIfPresent(set, d.newVersion, text(u.newVersion()));
        set = setIfPresent(set, d.errorType, u.errorType());
        set = setIfPresent(set, d.errorMessage, u.errorMessage());
        set = setIfPresent(set, d.resolvedBy, u.resolvedBy());
        set = setIfPresent(set, d.resolutionReason, u.resolutionReason());
        int changed = set.where(d.id.eq(u.deploymentId()))
                .and(d.status.eq(u.from().dbValue()))
                .execute();
        if (changed != 1) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Deployment " + before.id() + " changed while it was being updated to " + u.to().dbValue(),
                    "Retry; another process updated it first.");
        }
        Deployment after = require(ctx, u.deploymentId());
        if (u.to().isTerminal()) {
            boolean ran = !(u.from() == DeploymentStatus.PENDING
                    && (u.to() == DeploymentStatus.SUPERSEDED || u.to() == DeploymentStatus.CANCELLED));
            if (ran) {
                states.recordEnd(ctx, after, u.stateVersion(), u.at());
            }
            if (!u.from().isTerminal()) {
                counters.recordEnd(ctx, after);
            }
        }
        return after;
    }

    private void checkFence(DSLContext ctx, Target target, long token) {
        Tables.Fence f = db.t().fence;
        var select = ctx.select(f.lastToken)
                .from(f.t)
                .where(f.fraise.eq(target.fraise()))
                .and(f.environment.eq(target.environment()));
        // the fence row is the serialisation point with lock acquisition on PostgreSQL
        Long current = db.isPostgres() ? select.forUpdate().fetchOne(f.lastToken) : select.fetchOne(f.lastToken);
        if (current == null || current != token) {
            throw new FraisierException(
                    ErrorCode.FENCED,
                    "The lock of " + target + " was taken over (this write carries fencing token " + token
                            + ", the current one is " + (current == null ? "none" : current) + ")",
                    "Another process now deploys " + target + "; this one stops without touching the target's record.");
        }
    }

    @Override
    public List<Deployment> history(HistoryQuery q) {
        return db.query(c -> db.reads.history(c, q));
    }

    @Override
    public List<DeploymentStats> stats(Instant since, @Nullable String fraise) {
        return db.query(c -> db.reads.stats(c, since, fraise));
    }

    /** One deployment, read inside the caller's transaction (on its connection); see {@link SqlReads}. */
    Optional<Deployment> findIn(DSLContext ctx, long id, boolean forUpdate) {
        return ctx.connectionResult(c -> db.reads.deployment(c, id, forUpdate));
    }

    Deployment require(DSLContext ctx, Long id) {
        return findIn(ctx, id, false).orElseThrow(() -> new IllegalStateException("deployment " + id + " vanished"));
    }

    /** The row an {@code INSERT … RETURNING} gave back (other reads map rows in {@link SqlReads}). */
    Deployment toDeployment(Record r) {
        return new Deployment(
                r.get(d.id),
                Target.of(r.get(d.fraise), r.get(d.environment)),
                r.get(d.provider),
                DeploymentStatus.parse(r.get(d.status)),
                Trigger.parse(r.get(d.trigger)),
                r.get(d.triggeredBy),
                version(r.get(d.oldVersion)),
                version(r.get(d.newVersion)),
                r.get(d.gitBranch),
                r.get(d.gitCommit),
                r.get(d.webhookEventId),
                version(r.get(d.requestedVersion)),
                Boolean.TRUE.equals(r.get(d.force)),
                r.get(d.fencingToken),
                r.get(d.createdAt),
                r.get(d.startedAt),
                r.get(d.completedAt),
                r.get(d.durationSeconds),
                r.get(d.errorType),
                r.get(d.errorMessage),
                r.get(d.resolvedBy),
                r.get(d.resolutionReason));
    }

    private static <T> UpdateSetMoreStep<Record> setIfPresent(
            UpdateSetMoreStep<Record> set, Field<T> f, @Nullable T v) {
        return v == null ? set : set.set(f, v);
    }

    static @Nullable String text(@Nullable Version v) {
        return v == null ? null : v.value();
    }

    static @Nullable Version version(@Nullable String s) {
        return s == null ? null : Version.of(s);
    }
}
