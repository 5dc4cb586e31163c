package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.FraiseState;
import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentUpdate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plain-SQL reads of {@link SqlReads} return what the jOOQ queries they replaced returned (kept here,
 * as they were, as the reference) for the same rows: history with every filter, ordering and limit, stats
 * with its p95, fraise states, locks and freezes. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class SqlReadsContract {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00.123456Z");

    private Database db;
    private JooqFraisierStore store;

    /** The database URL for one test, empty. */
    protected abstract String url();

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseLocator().locate(null, Map.of(DatabaseLocator.URL_VARIABLE, url())));
        store = new JooqFraisierStore(db);
        seed();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Deployments of two fraises and three targets, every status that counts and some that do not. */
    private void seed() {
        String[][] rows = {
            {"api", "prod", "success", "12.5"},
            {"api", "prod", "failed", "3"},
            {"api", "staging", "success", "1.25"},
            {"api", "prod", "rolled_back", "40"},
            {"web", "prod", "success", "7"},
            {"web", "prod", "rollback_failed", "9.75"},
            {"web", "prod", "interrupted", "0.5"},
            {"api", "prod", "success", "2"},
            {"web", "staging", "skipped", "0.001"},
            {"api", "staging", "superseded", null},
            {"web", "prod", "pending", null},
            {"api", "prod", "in_progress", null},
        };
        for (int i = 0; i < rows.length; i++) {
            String[] r = rows[i];
            Target target = Target.of(r[0], r[1]);
            // two rows share a creation time: the id breaks the tie in history's order
            Instant created = T0.plus(Duration.ofMinutes(i == 5 ? 4 * 10 : i * 10L));
            Deployment d = store.deployments()
                    .create(
                            new NewDeployment(
                                    target,
                                    "local",
                                    i % 2 == 0 ? Trigger.CLI : Trigger.WEBHOOK,
                                    i % 3 == 0 ? null : "alice",
                                    i % 4 == 0 ? null : Version.of("v" + i),
                                    "main",
                                    i % 2 == 0 ? null : "abc" + i,
                                    null,
                                    i % 5 == 0),
                            created);
            DeploymentStatus to = DeploymentStatus.parse(r[2]);
            if (to == DeploymentStatus.PENDING) {
                continue;
            }
            if (to == DeploymentStatus.SUPERSEDED || to == DeploymentStatus.SKIPPED) {
                if (to == DeploymentStatus.SKIPPED) {
                    store.deployments()
                            .transition(DeploymentUpdate.move(
                                    d.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, created));
                    end(d.id(), DeploymentStatus.IN_PROGRESS, to, created, r[3]);
                } else {
                    end(d.id(), DeploymentStatus.PENDING, to, created, r[3]);
                }
                continue;
            }
            Instant started = created.plusMillis(250);
            store.deployments()
                    .transition(DeploymentUpdate.move(
                            d.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, started));
            if (to == DeploymentStatus.IN_PROGRESS) {
                store.locks().tryAcquire(target, "host:1", d.id(), started, Duration.ofHours(1));
                continue;
            }
            if (to == DeploymentStatus.ROLLED_BACK || to == DeploymentStatus.ROLLBACK_FAILED) {
                end(d.id(), DeploymentStatus.IN_PROGRESS, to, started, r[3]);
                continue;
            }
            end(d.id(), DeploymentStatus.IN_PROGRESS, to, started, r[3]);
        }
        store.locks().tryAcquire(Target.of("web", "staging"), "other:2", 99, T0, Duration.ofMinutes(5));
        store.freezes().put(new Freeze(Target.of("web", "prod"), null, "bob", "release", T0, T0.plusSeconds(3600)));
        store.freezes().put(new Freeze(Target.of("api", "staging"), null, "carol", "pause", T0.plusSeconds(60), null));
    }

    private void end(long id, DeploymentStatus from, DeploymentStatus to, Instant start, @Nullable String seconds) {
        Instant at = seconds == null ? start : start.plusNanos((long) (Double.parseDouble(seconds) * 1e9));
        boolean failed = to != DeploymentStatus.SUCCESS && to != DeploymentStatus.SKIPPED;
        store.deployments()
                .transition(new DeploymentUpdate(
                        id,
                        from,
                        to,
                        0,
                        at,
                        Version.of("old" + id),
                        Version.of("new" + id),
                        to == DeploymentStatus.SUCCESS ? Version.of("new" + id) : null,
                        failed ? "deploy_failed" : null,
                        failed ? "it broke\non two lines" : null,
                        null,
                        null));
    }

    @Test
    void historyIsWhatJooqRead() {
        List<HistoryQuery> queries = new ArrayList<>();
        for (String fraise : new String[] {null, "api", "web", "nope"}) {
            for (String env : new String[] {null, "prod", "staging"}) {
                for (DeploymentStatus status : new DeploymentStatus[] {null, DeploymentStatus.SUCCESS}) {
                    for (Instant since :
                            new Instant[] {null, T0.plus(Duration.ofMinutes(40)), T0.plusSeconds(86_400)}) {
                        for (int limit : new int[] {1, 3, 20}) {
                            queries.add(new HistoryQuery(fraise, env, status, since, limit));
                        }
                    }
                }
            }
        }
        int nonEmpty = 0;
        for (HistoryQuery q : queries) {
            List<Deployment> plain = store.deployments().history(q);
            assertThat(plain).as(q.toString()).isEqualTo(jooqHistory(q));
            nonEmpty += plain.isEmpty() ? 0 : 1;
        }
        assertThat(nonEmpty).as("queries that found rows").isGreaterThan(50);
        List<Deployment> all = store.deployments().history(new HistoryQuery(null, null, null, null, 100));
        assertThat(all).hasSize(12);
        assertThat(all.get(0).status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        // rows 4 and 5 share created_at: the higher id first
        assertThat(all.get(6).createdAt()).isEqualTo(all.get(7).createdAt());
        assertThat(all.get(6).id()).isGreaterThan(all.get(7).id());
        assertThat(all).anySatisfy(d -> assertThat(d.force()).isTrue());
        assertThat(all).anySatisfy(d -> assertThat(d.errorMessage()).contains("\n"));
    }

    @Test
    void statsAreWhatJooqComputed() {
        for (Instant since :
                new Instant[] {T0.minusSeconds(1), T0.plus(Duration.ofMinutes(45)), T0.plusSeconds(86_400)}) {
            for (String fraise : new String[] {null, "api", "web", "nope"}) {
                List<DeploymentStats> plain = store.deployments().stats(since, fraise);
                assertThat(plain).as(since + " " + fraise).isEqualTo(jooqStats(since, fraise));
            }
        }
        List<DeploymentStats> all = store.deployments().stats(T0.minusSeconds(1), null);
        assertThat(all).extracting(DeploymentStats::fraise).containsExactly("api", "web", null);
        DeploymentStats total = all.get(2);
        assertThat(total.total()).isEqualTo(9);
        assertThat(total.successes()).isEqualTo(4);
        assertThat(total.failures()).isEqualTo(2);
        assertThat(total.rollbacks()).isEqualTo(2);
        assertThat(total.p95Seconds()).isCloseTo(29.0, org.assertj.core.data.Offset.offset(1e-3));
        DeploymentStats none =
                store.deployments().stats(T0.plusSeconds(86_400), null).get(0);
        assertThat(none).isEqualTo(new DeploymentStats(null, 0, 0, 0, 0, null, null));
    }

    @Test
    void statesLocksAndFreezesAreWhatJooqRead() {
        assertThat(store.states().list()).hasSize(4).isEqualTo(jooqStates());
        for (FraiseState s : store.states().list()) {
            assertThat(store.states().find(s.target())).contains(s);
        }
        assertThat(store.states().find(Target.of("nope", "prod"))).isEmpty();
        assertThat(store.locks().list()).hasSize(2).isEqualTo(jooqLocks());
        for (LockLease l : store.locks().list()) {
            assertThat(store.locks().find(l.target())).contains(l);
        }
        assertThat(store.locks().find(Target.of("api", "staging"))).isEmpty();
        assertThat(store.freezes().list()).hasSize(2).isEqualTo(jooqFreezes());
        Freeze webProd = jooqFreezes().get(1);
        assertThat(store.freezes().find(Target.of("web", "prod"))).contains(webProd);
        assertThat(store.freezes().remove(Target.of("web", "prod"))).contains(webProd);
        assertThat(store.freezes().list()).hasSize(1).isEqualTo(jooqFreezes());
    }

    @Test
    void anOrphanIsRecoveredByAReadOnlyOpen() {
        Deployment running = store.deployments()
                .history(new HistoryQuery(null, null, DeploymentStatus.IN_PROGRESS, null, 1))
                .get(0);
        Deployment orphan = store.deployments()
                .create(
                        new NewDeployment(
                                Target.of("web", "staging"), "local", Trigger.CLI, null, null, null, null, null, false),
                        T0);
        store.deployments()
                .transition(DeploymentUpdate.move(
                        orphan.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, T0));
        store.close();

        db = Database.open(new DatabaseLocator().locate(null, Map.of(DatabaseLocator.URL_VARIABLE, url())));
        store = new JooqFraisierStore(db);
        Instant now = T0.plusSeconds(60);
        List<Deployment> recovered = store.recoverInterrupted(now, "gone");
        assertThat(recovered).extracting(Deployment::id).containsExactly(orphan.id());
        assertThat(store.deployments().find(orphan.id()).orElseThrow().status())
                .isEqualTo(DeploymentStatus.INTERRUPTED);
        // the one with a live lease of its own stays, and a second open finds nothing more to do
        assertThat(store.deployments().find(running.id()).orElseThrow().status())
                .isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(store.recoverInterrupted(now, "gone")).isEmpty();
        // its lease expired: now it is an orphan too
        assertThat(store.recoverInterrupted(now.plus(Duration.ofHours(4)), "gone"))
                .extracting(Deployment::id)
                .containsExactly(running.id());
    }

    // ---- the jOOQ queries SqlReads replaced, as they were ----

    private List<Deployment> jooqHistory(HistoryQuery q) {
        Tables.Deployment d = db.t().deployment;
        JooqDeploymentStore mapper =
                new JooqDeploymentStore(db, new JooqFraiseStateStore(db), new JooqMetricCounterStore(db, true));
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
                .fetch(mapper::toDeployment));
    }

    private List<DeploymentStats> jooqStats(Instant since, @Nullable String fraise) {
        Tables.Deployment d = db.t().deployment;
        Condition window = d.completedAt
                .ge(since)
                .and(d.status.in(SqlReads.STATS_STATUSES.stream()
                        .map(DeploymentStatus::dbValue)
                        .toList()));
        if (fraise != null) {
            window = window.and(d.fraise.eq(fraise));
        }
        Condition w = window;
        return db.read(ctx -> {
            Field<BigDecimal> pgP95 = DSL.percentileCont(0.95).withinGroupOrderBy(d.durationSeconds);
            var perFraise = ctx.select(aggregates(d, d.fraise, pgP95))
                    .from(d.t)
                    .where(w)
                    .groupBy(d.fraise)
                    .orderBy(d.fraise)
                    .fetch();
            Record total = ctx.select(aggregates(d, DSL.inline((String) null), pgP95))
                    .from(d.t)
                    .where(w)
                    .fetchOne();
            Map<String, Double> javaP95 = db.isPostgres() ? Map.of() : p95InJava(ctx, d, w);
            List<DeploymentStats> out = new ArrayList<>();
            for (Record r : perFraise) {
                String name = r.get(0, String.class);
                out.add(toStats(name, r, db.isPostgres() ? number(r.get(6)) : javaP95.get(name)));
            }
            out.add(toStats(null, total, db.isPostgres() ? number(total.get(6)) : javaP95.get("")));
            return out;
        });
    }

    private static Map<String, Double> p95InJava(DSLContext ctx, Tables.Deployment d, Condition window) {
        Map<String, List<Double>> byFraise = new LinkedHashMap<>();
        ctx.select(d.fraise, d.durationSeconds)
                .from(d.t)
                .where(window.and(d.durationSeconds.isNotNull()))
                .orderBy(d.durationSeconds)
                .forEach(r -> {
                    byFraise.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2());
                    byFraise.computeIfAbsent("", k -> new ArrayList<>()).add(r.value2());
                });
        Map<String, Double> p95 = new HashMap<>();
        byFraise.forEach((k, v) -> p95.put(k, DeploymentStats.percentile(v, 0.95)));
        return p95;
    }

    private List<Field<?>> aggregates(Tables.Deployment d, Field<String> key, Field<BigDecimal> pgP95) {
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

    private static long longOf(@Nullable Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static @Nullable Double number(@Nullable Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }

    private List<FraiseState> jooqStates() {
        Tables.State s = db.t().state;
        return db.read(ctx -> ctx.select(s.all())
                .from(s.t)
                .orderBy(s.fraise, s.environment)
                .fetch(r -> new FraiseState(
                        Target.of(r.get(s.fraise), r.get(s.environment)),
                        r.get(s.provider),
                        JooqDeploymentStore.version(r.get(s.currentVersion)),
                        DeploymentStatus.parse(r.get(s.lastStatus)),
                        r.get(s.lastDeploymentId),
                        r.get(s.updatedAt))));
    }

    private List<LockLease> jooqLocks() {
        Tables.Lock l = db.t().lock;
        return db.read(ctx -> ctx.select(l.all())
                .from(l.t)
                .orderBy(l.acquiredAt, l.fraise, l.environment)
                .fetch(r -> new LockLease(
                        Target.of(r.get(l.fraise), r.get(l.environment)),
                        r.get(l.holder),
                        r.get(l.deploymentId),
                        r.get(l.acquiredAt),
                        r.get(l.expiresAt),
                        r.get(l.fencingToken))));
    }

    private List<Freeze> jooqFreezes() {
        Tables.Freeze f = db.t().freeze;
        return db.read(ctx -> ctx.select(f.all())
                .from(f.t)
                .orderBy(f.fraise, f.environment)
                .fetch(r -> new Freeze(
                        Target.of(r.get(f.fraise), r.get(f.environment)),
                        null,
                        r.get(f.setBy),
                        r.get(f.reason),
                        r.get(f.fromAt),
                        r.get(f.untilAt))));
    }
}
