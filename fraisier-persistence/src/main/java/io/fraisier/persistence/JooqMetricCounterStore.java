package io.fraisier.persistence;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.excluded;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.spi.MetricCounterStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * {@link MetricCounterStore} on the {@code tb_metric_*} tables. Counters are bumped by
 * {@link #recordEnd} inside the transaction that ends a deployment, and nothing deletes them, so they
 * are monotonic whatever happens to {@code tb_deployment}.
 */
final class JooqMetricCounterStore implements MetricCounterStore {
    private final Database db;
    private final Tables t;
    private final boolean counting;

    /** @param counting false when metrics are disabled for this process: {@link #recordEnd} counts nothing */
    JooqMetricCounterStore(Database db, boolean counting) {
        this.db = db;
        this.t = db.t();
        this.counting = counting;
    }

    /** Counts one deployment that just reached a terminal status (unless metrics are disabled). */
    void recordEnd(DSLContext ctx, Deployment ended) {
        if (!counting) {
            return;
        }
        String fraise = ended.target().fraise();
        String env = ended.target().environment();
        Tables.MetricDeployment md = t.metricDeployment;
        ctx.insertInto(md.t)
                .set(md.fraise, fraise)
                .set(md.environment, env)
                .set(md.provider, ended.provider())
                .set(md.status, ended.status().dbValue())
                .set(md.count, 1L)
                .onConflict(md.fraise, md.environment, md.provider, md.status)
                .doUpdate()
                .set(md.count, md.count.plus(1L))
                .execute();
        if (isError(ended.status())) {
            Tables.MetricError me = t.metricError;
            String type = ended.errorType() != null
                    ? ended.errorType()
                    : ended.status().dbValue();
            ctx.insertInto(me.t)
                    .set(me.provider, ended.provider())
                    .set(me.errorType, type)
                    .set(me.count, 1L)
                    .onConflict(me.provider, me.errorType)
                    .doUpdate()
                    .set(me.count, me.count.plus(1L))
                    .execute();
        }
        if (ended.durationSeconds() != null) {
            double seconds = ended.durationSeconds();
            Tables.MetricDuration h = t.metricDuration;
            ctx.insertInto(h.t)
                    .set(h.fraise, fraise)
                    .set(h.environment, env)
                    .set(h.provider, ended.provider())
                    .set(h.count, 1L)
                    .set(h.sumSeconds, seconds)
                    .onConflict(h.fraise, h.environment, h.provider)
                    .doUpdate()
                    .set(h.count, h.count.plus(1L))
                    .set(h.sumSeconds, h.sumSeconds.plus(seconds))
                    .execute();
            Tables.MetricBucket b = t.metricBucket;
            var insert = ctx.insertInto(b.t, b.fraise, b.environment, b.provider, b.le, b.count);
            for (double le : MetricSnapshot.DURATION_BUCKETS) {
                insert = insert.values(fraise, env, ended.provider(), le, seconds <= le ? 1L : 0L);
            }
            insert.onConflict(b.fraise, b.environment, b.provider, b.le)
                    .doUpdate()
                    .set(b.count, b.count.plus(excluded(b.count)))
                    .execute();
        }
    }

    @Override
    public void recordHealthAttempt(String provider, boolean healthy) {
        if (!counting) {
            return;
        }
        Tables.MetricHealthAttempt a = t.metricHealthAttempt;
        db.write(ctx -> ctx.insertInto(a.t)
                .set(a.provider, provider)
                .set(a.result, healthy ? "healthy" : "unhealthy")
                .set(a.count, 1L)
                .onConflict(a.provider, a.result)
                .doUpdate()
                .set(a.count, a.count.plus(1L))
                .execute());
    }

    @Override
    public void recordLockWait(String provider, Duration waited) {
        if (!counting) {
            return;
        }
        double seconds = waited.toNanos() / 1e9;
        Tables.MetricLockWait w = t.metricLockWait;
        Tables.MetricLockWaitBucket b = t.metricLockWaitBucket;
        db.tx(ctx -> {
            ctx.insertInto(w.t)
                    .set(w.provider, provider)
                    .set(w.count, 1L)
                    .set(w.sumSeconds, seconds)
                    .onConflict(w.provider)
                    .doUpdate()
                    .set(w.count, w.count.plus(1L))
                    .set(w.sumSeconds, w.sumSeconds.plus(seconds))
                    .execute();
            var insert = ctx.insertInto(b.t, b.provider, b.le, b.count);
            for (double le : MetricSnapshot.LOCK_WAIT_BUCKETS) {
                insert = insert.values(provider, le, seconds <= le ? 1L : 0L);
            }
            return insert.onConflict(b.provider, b.le)
                    .doUpdate()
                    .set(b.count, b.count.plus(excluded(b.count)))
                    .execute();
        });
    }

    /** Failures that the error counter sees: the deployment did not end as asked. */
    static boolean isError(DeploymentStatus status) {
        return status == DeploymentStatus.FAILED
                || status == DeploymentStatus.ROLLED_BACK
                || status == DeploymentStatus.ROLLBACK_FAILED
                || status == DeploymentStatus.INTERRUPTED;
    }

    @Override
    public MetricSnapshot snapshot() {
        return db.read(ctx -> {
            Tables.MetricDeployment md = t.metricDeployment;
            List<MetricSnapshot.DeploymentCount> deployments = ctx.select(md.all())
                    .from(md.t)
                    .orderBy(md.fraise, md.environment, md.provider, md.status)
                    .fetch(r -> new MetricSnapshot.DeploymentCount(
                            r.get(md.fraise),
                            r.get(md.environment),
                            r.get(md.provider),
                            r.get(md.status),
                            r.get(md.count)));
            Tables.MetricError me = t.metricError;
            List<MetricSnapshot.ErrorCount> errors = ctx.select(me.all())
                    .from(me.t)
                    .orderBy(me.provider, me.errorType)
                    .fetch(r ->
                            new MetricSnapshot.ErrorCount(r.get(me.provider), r.get(me.errorType), r.get(me.count)));
            Tables.MetricBucket b = t.metricBucket;
            Map<List<String>, Map<Double, Long>> buckets = new HashMap<>();
            for (Record r : ctx.select(b.all()).from(b.t).fetch()) {
                buckets.computeIfAbsent(
                                List.of(r.get(b.fraise), r.get(b.environment), r.get(b.provider)), k -> new HashMap<>())
                        .put(r.get(b.le), r.get(b.count));
            }
            Tables.MetricDuration h = t.metricDuration;
            List<MetricSnapshot.DurationHistogram> durations = new ArrayList<>();
            for (Record r : ctx.select(h.all())
                    .from(h.t)
                    .orderBy(h.fraise, h.environment, h.provider)
                    .fetch()) {
                List<String> key = List.of(r.get(h.fraise), r.get(h.environment), r.get(h.provider));
                Map<Double, Long> counts = buckets.getOrDefault(key, Map.of());
                List<Long> cumulative = MetricSnapshot.DURATION_BUCKETS.stream()
                        .map(le -> counts.getOrDefault(le, 0L))
                        .toList();
                durations.add(new MetricSnapshot.DurationHistogram(
                        key.get(0), key.get(1), key.get(2), cumulative, r.get(h.count), r.get(h.sumSeconds)));
            }
            Tables.Deployment d = t.deployment;
            Map<String, Long> active = new LinkedHashMap<>();
            ctx.select(d.provider, count())
                    .from(d.t)
                    .where(d.status.eq(DeploymentStatus.IN_PROGRESS.dbValue()))
                    .groupBy(d.provider)
                    .orderBy(d.provider)
                    .forEach(r -> active.put(r.value1(), r.value2().longValue()));
            Tables.MetricHealthAttempt a = t.metricHealthAttempt;
            List<MetricSnapshot.HealthAttemptCount> attempts = ctx.select(a.all())
                    .from(a.t)
                    .orderBy(a.provider, a.result)
                    .fetch(r -> new MetricSnapshot.HealthAttemptCount(
                            r.get(a.provider), r.get(a.result).equals("healthy"), r.get(a.count)));
            Tables.MetricLockWaitBucket wb = t.metricLockWaitBucket;
            Map<String, Map<Double, Long>> waitBuckets = new HashMap<>();
            for (Record r : ctx.select(wb.all()).from(wb.t).fetch()) {
                waitBuckets
                        .computeIfAbsent(r.get(wb.provider), k -> new HashMap<>())
                        .put(r.get(wb.le), r.get(wb.count));
            }
            Tables.MetricLockWait w = t.metricLockWait;
            List<MetricSnapshot.LockWaitHistogram> waits = new ArrayList<>();
            for (Record r : ctx.select(w.all()).from(w.t).orderBy(w.provider).fetch()) {
                Map<Double, Long> counts = waitBuckets.getOrDefault(r.get(w.provider), Map.of());
                waits.add(new MetricSnapshot.LockWaitHistogram(
                        r.get(w.provider),
                        MetricSnapshot.LOCK_WAIT_BUCKETS.stream()
                                .map(le -> counts.getOrDefault(le, 0L))
                                .toList(),
                        r.get(w.count),
                        r.get(w.sumSeconds)));
            }
            return new MetricSnapshot(deployments, errors, durations, active, attempts, waits);
        });
    }
}
