package io.fraisier.persistence;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Converter;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The schema of {@code db/migration/*}, as typed jOOQ names written by hand (no code generation, so
 * the build needs no database). Timestamp columns are {@code timestamptz} on PostgreSQL and UTC epoch
 * milliseconds on SQLite; both read and write {@link Instant}, so the stores share one code path.
 *
 * <p>Immutable and thread-safe.
 */
final class Tables {
    final Deployment deployment;
    final Event event;
    final State state;
    final Lock lock;
    final Fence fence = new Fence();
    final Webhook webhook;
    final Freeze freeze;
    final Outbox outbox;
    final WebhookLink webhookLink = new WebhookLink();
    final MetricDeployment metricDeployment = new MetricDeployment();
    final MetricError metricError = new MetricError();
    final MetricDuration metricDuration = new MetricDuration();
    final MetricBucket metricBucket = new MetricBucket();
    final MetricHealthAttempt metricHealthAttempt = new MetricHealthAttempt();
    final MetricLockWait metricLockWait = new MetricLockWait();
    final MetricLockWaitBucket metricLockWaitBucket = new MetricLockWaitBucket();

    Tables(SQLDialect dialect) {
        DataType<Instant> time = dialect == SQLDialect.SQLITE
                ? SQLDataType.BIGINT.asConvertedDataType(
                        Converter.ofNullable(Long.class, Instant.class, Instant::ofEpochMilli, Instant::toEpochMilli))
                : SQLDataType.INSTANT;
        deployment = new Deployment(time);
        event = new Event(time);
        state = new State(time);
        lock = new Lock(time);
        webhook = new Webhook(time);
        freeze = new Freeze(time);
        outbox = new Outbox(time);
    }

    /** A table and its typed columns; {@link #all()} lists them for {@code SELECT}s that read typed values. */
    abstract static class Def {
        private Field<?>[] all;

        /** Every column, typed (selecting them, rather than {@code *}, makes jOOQ convert each value). */
        final synchronized Field<?>[] all() {
            if (all == null) {
                List<Field<?>> fields = new ArrayList<>();
                for (java.lang.reflect.Field f : getClass().getDeclaredFields()) {
                    if (Field.class.isAssignableFrom(f.getType())) {
                        try {
                            fields.add((Field<?>) f.get(this));
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
                all = fields.toArray(Field<?>[]::new);
            }
            return all;
        }
    }

    private static <T> Field<T> col(String table, String column, DataType<T> type) {
        return field(name(table, column), type);
    }

    static final class Deployment extends Def {
        static final String N = "tb_deployment";
        final Table<Record> t = table(name(N));
        final Field<Long> id = col(N, "id", SQLDataType.BIGINT.identity(true));
        final Field<String> fraise = col(N, "fraise", SQLDataType.VARCHAR);
        final Field<String> environment = col(N, "environment", SQLDataType.VARCHAR);
        final Field<String> provider = col(N, "provider", SQLDataType.VARCHAR);
        final Field<String> status = col(N, "status", SQLDataType.VARCHAR);
        final Field<String> trigger = col(N, "trigger", SQLDataType.VARCHAR);
        final Field<String> triggeredBy = col(N, "triggered_by", SQLDataType.VARCHAR);
        final Field<String> oldVersion = col(N, "old_version", SQLDataType.VARCHAR);
        final Field<String> newVersion = col(N, "new_version", SQLDataType.VARCHAR);
        final Field<String> requestedVersion = col(N, "requested_version", SQLDataType.VARCHAR);
        final Field<String> gitBranch = col(N, "git_branch", SQLDataType.VARCHAR);
        final Field<String> gitCommit = col(N, "git_commit", SQLDataType.VARCHAR);
        final Field<Long> webhookEventId = col(N, "webhook_event_id", SQLDataType.BIGINT);
        final Field<Boolean> force = col(N, "force", SQLDataType.BOOLEAN);
        final Field<Long> fencingToken = col(N, "fencing_token", SQLDataType.BIGINT);
        final Field<Instant> createdAt;
        final Field<Instant> startedAt;
        final Field<Instant> completedAt;
        final Field<Double> durationSeconds = col(N, "duration_seconds", SQLDataType.DOUBLE);
        final Field<String> errorType = col(N, "error_type", SQLDataType.VARCHAR);
        final Field<String> errorMessage = col(N, "error_message", SQLDataType.VARCHAR);
        final Field<String> resolvedBy = col(N, "resolved_by", SQLDataType.VARCHAR);
        final Field<String> resolutionReason = col(N, "resolution_reason", SQLDataType.VARCHAR);
        final Field<String> claimedBy = col(N, "claimed_by", SQLDataType.VARCHAR);
        final Field<Instant> claimedAt;
        /** Who asked the deployment to stop, why and when ({@code fraisier cancel}, V3); null: nobody. */
        final Field<String> cancelRequestedBy = col(N, "cancel_requested_by", SQLDataType.VARCHAR);

        final Field<String> cancelReason = col(N, "cancel_reason", SQLDataType.VARCHAR);
        final Field<Instant> cancelRequestedAt;

        Deployment(DataType<Instant> time) {
            createdAt = col(N, "created_at", time);
            startedAt = col(N, "started_at", time);
            completedAt = col(N, "completed_at", time);
            claimedAt = col(N, "claimed_at", time);
            cancelRequestedAt = col(N, "cancel_requested_at", time);
        }
    }

    static final class Event extends Def {
        static final String N = "tb_deployment_event";
        final Table<Record> t = table(name(N));
        final Field<Long> id = col(N, "id", SQLDataType.BIGINT.identity(true));
        final Field<Long> deploymentId = col(N, "deployment_id", SQLDataType.BIGINT);
        final Field<Instant> at;
        final Field<String> step = col(N, "step", SQLDataType.VARCHAR);
        final Field<String> level = col(N, "level", SQLDataType.VARCHAR);
        final Field<String> message = col(N, "message", SQLDataType.VARCHAR);

        Event(DataType<Instant> time) {
            at = col(N, "at", time);
        }
    }

    static final class State extends Def {
        static final String N = "tb_fraise_state";
        final Table<Record> t = table(name(N));
        final Field<String> fraise = col(N, "fraise", SQLDataType.VARCHAR);
        final Field<String> environment = col(N, "environment", SQLDataType.VARCHAR);
        final Field<String> provider = col(N, "provider", SQLDataType.VARCHAR);
        final Field<String> currentVersion = col(N, "current_version", SQLDataType.VARCHAR);
        final Field<String> lastStatus = col(N, "last_status", SQLDataType.VARCHAR);
        final Field<Long> lastDeploymentId = col(N, "last_deployment_id", SQLDataType.BIGINT);
        final Field<Instant> updatedAt;

        State(DataType<Instant> time) {
            updatedAt = col(N, "updated_at", time);
        }
    }

    static final class Lock extends Def {
        static final String N = "tb_deployment_lock";
        final Table<Record> t = table(name(N));
        final Field<String> fraise = col(N, "fraise", SQLDataType.VARCHAR);
        final Field<String> environment = col(N, "environment", SQLDataType.VARCHAR);
        final Field<String> holder = col(N, "holder", SQLDataType.VARCHAR);
        final Field<Long> deploymentId = col(N, "deployment_id", SQLDataType.BIGINT);
        final Field<Instant> acquiredAt;
        final Field<Instant> expiresAt;
        final Field<Long> fencingToken = col(N, "fencing_token", SQLDataType.BIGINT);

        Lock(DataType<Instant> time) {
            acquiredAt = col(N, "acquired_at", time);
            expiresAt = col(N, "expires_at", time);
        }
    }

    static final class Fence extends Def {
        static final String N = "tb_deployment_fence";
        final Table<Record> t = table(name(N));
        final Field<String> fraise = col(N, "fraise", SQLDataType.VARCHAR);
        final Field<String> environment = col(N, "environment", SQLDataType.VARCHAR);
        final Field<Long> lastToken = col(N, "last_token", SQLDataType.BIGINT);
    }

    static final class Webhook extends Def {
        static final String N = "tb_webhook_event";
        final Table<Record> t = table(name(N));
        final Field<Long> id = col(N, "id", SQLDataType.BIGINT.identity(true));
        final Field<Instant> receivedAt;
        final Field<String> gitHost = col(N, "git_host", SQLDataType.VARCHAR);
        final Field<String> eventType = col(N, "event_type", SQLDataType.VARCHAR);
        final Field<String> deliveryId = col(N, "delivery_id", SQLDataType.VARCHAR);
        final Field<String> ref = col(N, "ref", SQLDataType.VARCHAR);
        final Field<String> refType = col(N, "ref_type", SQLDataType.VARCHAR);
        final Field<String> commitSha = col(N, "commit_sha", SQLDataType.VARCHAR);
        final Field<String> sender = col(N, "sender", SQLDataType.VARCHAR);
        final Field<String> repository = col(N, "repository", SQLDataType.VARCHAR);
        final Field<String> payload = col(N, "payload", SQLDataType.CLOB);
        final Field<Boolean> processed = col(N, "processed", SQLDataType.BOOLEAN);
        final Field<String> outcome = col(N, "outcome", SQLDataType.VARCHAR);
        /** Who processes the event holds it since then (V2); null: nobody. */
        final Field<Instant> claimedAt;

        Webhook(DataType<Instant> time) {
            receivedAt = col(N, "received_at", time);
            claimedAt = col(N, "claimed_at", time);
        }
    }

    /** Manual freezes (V4). */
    static final class Freeze extends Def {
        static final String N = "tb_freeze";
        final Table<Record> t = table(name(N));
        final Field<String> fraise = col(N, "fraise", SQLDataType.VARCHAR);
        final Field<String> environment = col(N, "environment", SQLDataType.VARCHAR);
        final Field<String> setBy = col(N, "set_by", SQLDataType.VARCHAR);
        final Field<String> reason = col(N, "reason", SQLDataType.VARCHAR);
        final Field<Instant> fromAt;
        final Field<Instant> untilAt;

        Freeze(DataType<Instant> time) {
            fromAt = col(N, "from_at", time);
            untilAt = col(N, "until_at", time);
        }
    }

    static final class Outbox extends Def {
        static final String N = "tb_notification";
        final Table<Record> t = table(name(N));
        final Field<Long> id = col(N, "id", SQLDataType.BIGINT.identity(true));
        final Field<String> deliveryId = col(N, "delivery_id", SQLDataType.VARCHAR);
        final Field<Long> deploymentId = col(N, "deployment_id", SQLDataType.BIGINT);
        final Field<String> channel = col(N, "channel", SQLDataType.VARCHAR);
        final Field<String> channelType = col(N, "channel_type", SQLDataType.VARCHAR);
        final Field<String> event = col(N, "event", SQLDataType.VARCHAR);
        final Field<String> body = col(N, "body", SQLDataType.VARCHAR);
        final Field<String> state = col(N, "state", SQLDataType.VARCHAR);
        final Field<Integer> attempts = col(N, "attempts", SQLDataType.INTEGER);
        final Field<Instant> nextAttemptAt;
        final Field<String> claimedBy = col(N, "claimed_by", SQLDataType.VARCHAR);
        final Field<Instant> claimedUntil;
        final Field<String> lastError = col(N, "last_error", SQLDataType.VARCHAR);
        final Field<Instant> createdAt;
        final Field<Instant> deliveredAt;

        Outbox(DataType<Instant> time) {
            nextAttemptAt = col(N, "next_attempt_at", time);
            claimedUntil = col(N, "claimed_until", time);
            createdAt = col(N, "created_at", time);
            deliveredAt = col(N, "delivered_at", time);
        }
    }

    static final class WebhookLink extends Def {
        static final String N = "tb_webhook_event_deployment";
        final Table<Record> t = table(name(N));
        final Field<Long> webhookEventId = col(N, "webhook_event_id", SQLDataType.BIGINT);
        final Field<Long> deploymentId = col(N, "deployment_id", SQLDataType.BIGINT);
    }

    static final class MetricDeployment extends Def {
        static final String N = "tb_metric_deployment";
        final Table<Record> t = table(name(N));
        final Field<String> fraise = col(N, "fraise", SQLDataType.VARCHAR);
        final Field<String> environment = col(N, "environment", SQLDataType.VARCHAR);
        final Field<String> provider = col(N, "provider", SQLDataType.VARCHAR);
        final Field<String> status = col(N, "status", SQLDataType.VARCHAR);
        final Field<Long> count = col(N, "count", SQLDataType.BIGINT);
    }

    static final class MetricError extends Def {
        static final String N = "tb_metric_error";
        final Table<Record> t = table(name(N));
        final Field<String> provider = col(N, "provider", SQLDataType.VARCHAR);
        final Field<String> errorType = col(N, "error_type", SQLDataType.VARCHAR);
        final Field<Long> count = col(N, "count", SQLDataType.BIGINT);
    }

    static final class MetricDuration extends Def {
        static final String N = "tb_metric_duration";
        final Table<Record> t = table(name(N));
        final Field<String> fraise = col(N, "fraise", SQLDataType.VARCHAR);
        final Field<String> environment = col(N, "environment", SQLDataType.VARCHAR);
        final Field<String> provider = col(N, "provider", SQLDataType.VARCHAR);
        final Field<Long> count = col(N, "count", SQLDataType.BIGINT);
        final Field<Double> sumSeconds = col(N, "sum_seconds", SQLDataType.DOUBLE);
    }

    static final class MetricBucket extends Def {
        static final String N = "tb_metric_duration_bucket";
        final Table<Record> t = table(name(N));
        final Field<String> fraise = col(N, "fraise", SQLDataType.VARCHAR);
        final Field<String> environment = col(N, "environment", SQLDataType.VARCHAR);
        final Field<String> provider = col(N, "provider", SQLDataType.VARCHAR);
        final Field<Double> le = col(N, "le", SQLDataType.DOUBLE);
        final Field<Long> count = col(N, "count", SQLDataType.BIGINT);
    }

    /** Health-check attempts by provider and result (V5). */
    static final class MetricHealthAttempt extends Def {
        static final String N = "tb_metric_health_attempt";
        final Table<Record> t = table(name(N));
        final Field<String> provider = col(N, "provider", SQLDataType.VARCHAR);
        final Field<String> result = col(N, "result", SQLDataType.VARCHAR);
        final Field<Long> count = col(N, "count", SQLDataType.BIGINT);
    }

    /** Lock waits by provider: count and sum (V5). */
    static final class MetricLockWait extends Def {
        static final String N = "tb_metric_lock_wait";
        final Table<Record> t = table(name(N));
        final Field<String> provider = col(N, "provider", SQLDataType.VARCHAR);
        final Field<Long> count = col(N, "count", SQLDataType.BIGINT);
        final Field<Double> sumSeconds = col(N, "sum_seconds", SQLDataType.DOUBLE);
    }

    /** Cumulative lock wait buckets by provider (V5). */
    static final class MetricLockWaitBucket extends Def {
        static final String N = "tb_metric_lock_wait_bucket";
        final Table<Record> t = table(name(N));
        final Field<String> provider = col(N, "provider", SQLDataType.VARCHAR);
        final Field<Double> le = col(N, "le", SQLDataType.DOUBLE);
        final Field<Long> count = col(N, "count", SQLDataType.BIGINT);
    }
}
