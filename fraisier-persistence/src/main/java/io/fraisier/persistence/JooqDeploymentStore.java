package io.fraisier.persistence;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectConditionStep;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** {@link DeploymentStore} on {@code tb_deployment}. Thread-safe; safe across processes. */
final class JooqDeploymentStore implements DeploymentStore {
    /** Statuses that count in {@link #stats}: deployments that ran (superseded and cancelled ones never did). */
    static final List<String> STATS_STATUSES = List.of(
            DeploymentStatus.SUCCESS.dbValue(),
            DeploymentStatus.FAILED.dbValue(),
            DeploymentStatus.ROLLED_BACK.dbValue(),
            DeploymentStatus.ROLLBACK_FAILED.dbValue(),
            DeploymentStatus.SKIPPED.dbValue(),
            DeploymentStatus.INTERRUPTED.dbValue());

    private final Database db;
    private final Tables.Deployment d;
    private final JooqFraiseStateStore states;
    private final JooqMetricCounterStore counters;
    private final JooqOutbox outbox;

    JooqDeploymentStore(Database db, JooqFraiseStateStore states, JooqMetricCounterStore counters) {
        this.db = db;
        this.d = db.t.deployment;
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
        return db.read(ctx -> findIn(ctx, id, false));
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
        Tables.Fence f = db.t.fence;
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
        List<Condition> where = new ArrayList<>();
        if (q.fraise() != null) {
            where.add(d.fraise.eq(q.fraise()));
        }
        if (q.environment() != null) {
            where.add(d.environment.eq(q.environment()));
        }
        if (q.status() != null) {
            where.add(d.status.eq(q.status().dbValue()));
        }
        if (q.since() != null) {
            where.add(d.createdAt.ge(q.since()));
        }
        return db.read(ctx -> ctx.select(d.all())
                .from(d.t)
                .where(where)
                .orderBy(d.createdAt.desc(), d.id.desc())
                .limit(q.limit())
                .fetch(this::toDeployment));
    }

    @Override
    public List<DeploymentStats> stats(Instant since, @Nullable String fraise) {
        Condition window = d.completedAt.ge(since).and(d.status.in(STATS_STATUSES));
        if (fraise != null) {
            window = window.and(d.fraise.eq(fraise));
        }
        Condition w = window;
        return db.read(ctx -> {
            Field<BigDecimal> pgP95 = DSL.percentileCont(0.95).withinGroupOrderBy(d.durationSeconds);
            var perFraise = ctx.select(aggregates(d.fraise, pgP95))
                    .from(d.t)
                    .where(w)
                    .groupBy(d.fraise)
                    .orderBy(d.fraise)
                    .fetch();
            Record total = ctx.select(aggregates(DSL.inline((String) null), pgP95))
                    .from(d.t)
                    .where(w)
                    .fetchOne();
            Map<String, Double> javaP95 = db.isPostgres() ? Map.of() : p95InJava(ctx, w);
            List<DeploymentStats> out = new ArrayList<>();
            for (Record r : perFraise) {
                String name = r.get(0, String.class);
                out.add(toStats(name, r, db.isPostgres() ? number(r.get(6)) : javaP95.get(name)));
            }
            out.add(toStats(null, total, db.isPostgres() ? number(total.get(6)) : javaP95.get(TOTAL)));
            return out;
        });
    }

    /** Key of the all-fraises entry in {@link #p95InJava}. */
    private static final String TOTAL = "";

    /** SQLite has no percentile function: read the window's durations, sorted, and interpolate. */
    private Map<String, Double> p95InJava(DSLContext ctx, Condition window) {
        Map<String, List<Double>> byFraise = new LinkedHashMap<>();
        ctx.select(d.fraise, d.durationSeconds)
                .from(d.t)
                .where(window.and(d.durationSeconds.isNotNull()))
                .orderBy(d.durationSeconds)
                .forEach(r -> {
                    byFraise.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2());
                    byFraise.computeIfAbsent(TOTAL, k -> new ArrayList<>()).add(r.value2());
                });
        Map<String, Double> p95 = new HashMap<>();
        byFraise.forEach((k, v) -> p95.put(k, DeploymentStats.percentile(v, 0.95)));
        return p95;
    }

    private List<Field<?>> aggregates(Field<String> key, Field<BigDecimal> pgP95) {
        List<Field<?>> fields = new ArrayList<>(List.of(
                key,
                count(),
                sum(when(d.status.eq(DeploymentStatus.SUCCESS.dbValue()), inline(1))
                        .otherwise(inline(0))),
                sum(when(
                                d.status.in(
                                        DeploymentStatus.FAILED.dbValue(), DeploymentStatus.ROLLBACK_FAILED.dbValue()),
                                inline(1))
                        .otherwise(inline(0))),
                sum(when(
                                d.status.in(
                                        DeploymentStatus.ROLLED_BACK.dbValue(),
                                        DeploymentStatus.ROLLBACK_FAILED.dbValue()),
                                inline(1))
                        .otherwise(inline(0))),
                DSL.avg(d.durationSeconds)));
        fields.add(db.isPostgres() ? pgP95 : DSL.inline((BigDecimal) null));
        return fields;
    }

    private static DeploymentStats toStats(@Nullable String fraise, Record r, @Nullable Double p95) {
        return new DeploymentStats(
                fraise, longOf(r.get(1)), longOf(r.get(2)), longOf(r.get(3)), longOf(r.get(4)), number(r.get(5)), p95);
    }

    Optional<Deployment> findIn(DSLContext ctx, long id, boolean forUpdate) {
        SelectConditionStep<Record> q = ctx.select(d.all()).from(d.t).where(d.id.eq(id));
        return (forUpdate && db.isPostgres() ? q.forUpdate() : q).fetchOptional(this::toDeployment);
    }

    Deployment require(DSLContext ctx, Long id) {
        return findIn(ctx, id, false).orElseThrow(() -> new IllegalStateException("deployment " + id + " vanished"));
    }

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

    private static long longOf(@Nullable Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static @Nullable Double number(@Nullable Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }
}
