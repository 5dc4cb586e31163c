package io.fraisier.persistence;

import io.fraisier.core.model.Notification;
import io.fraisier.core.spi.NotificationOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/**
 * {@link NotificationOutbox} on {@code tb_notification} (V6). A claim is a {@code claimed_by} /
 * {@code claimed_until} lease on a pending row, taken with {@code FOR UPDATE SKIP LOCKED} on PostgreSQL
 * and inside the single-writer {@code BEGIN IMMEDIATE} transaction on SQLite. Thread-safe; safe across
 * processes.
 */
final class JooqOutbox implements NotificationOutbox {
    private static final String PENDING = Notification.State.PENDING.dbValue();

    private final Database db;
    private final Tables.Outbox o;

    JooqOutbox(Database db) {
        this.db = db;
        this.o = db.t().outbox;
    }

    /** Writes messages inside the caller's transaction (a deployment's terminal transition). */
    void insertIn(DSLContext ctx, List<Notification.New> messages) {
        for (Notification.New m : messages) {
            Instant at = db.stored(m.createdAt());
            ctx.insertInto(o.t)
                    .set(o.deliveryId, m.deliveryId())
                    .set(o.deploymentId, m.deploymentId())
                    .set(o.channel, m.channel())
                    .set(o.channelType, m.channelType())
                    .set(o.event, m.event())
                    .set(o.body, m.body())
                    .set(o.state, PENDING)
                    .set(o.attempts, 0)
                    .set(o.nextAttemptAt, at)
                    .set(o.createdAt, at)
                    .execute();
        }
    }

    @Override
    public void enqueue(List<Notification.New> messages) {
        if (!messages.isEmpty()) {
            db.tx(ctx -> {
                insertIn(ctx, messages);
                return null;
            });
        }
    }

    @Override
    public List<Notification> claim(String holder, Instant now, Duration lease, int limit) {
        Instant at = db.stored(now);
        return db.tx(ctx -> {
            List<Long> ids = ctx.connectionResult(c -> db.reads.dueNotifications(c, at, limit, true));
            if (ids.isEmpty()) {
                return List.of();
            }
            ctx.update(o.t)
                    .set(o.claimedBy, holder)
                    .set(o.claimedUntil, db.stored(now.plus(lease)))
                    .where(o.id.in(ids))
                    .execute();
            return ctx.select(o.all())
                    .from(o.t)
                    .where(o.id.in(ids))
                    .orderBy(o.id)
                    .fetch(this::toNotification);
        });
    }

    @Override
    public boolean markDelivered(long id, String holder, Instant at) {
        return end(id, holder, Notification.State.DELIVERED, null, db.stored(at), null);
    }

    @Override
    public boolean markRetry(long id, String holder, Instant nextAttemptAt, String error) {
        return end(id, holder, Notification.State.PENDING, db.stored(nextAttemptAt), null, error);
    }

    @Override
    public boolean markFailed(long id, String holder, Instant at, String error) {
        return end(id, holder, Notification.State.FAILED, null, null, error);
    }

    /** Ends an attempt of the claim's holder: one statement, so it cannot land on a claim lost meanwhile. */
    private boolean end(
            long id,
            String holder,
            Notification.State state,
            @Nullable Instant next,
            @Nullable Instant deliveredAt,
            @Nullable String error) {
        return db.write(ctx -> {
            var set = ctx.update(o.t)
                    .set(o.state, state.dbValue())
                    .set(o.attempts, o.attempts.plus(1))
                    .setNull(o.claimedBy)
                    .setNull(o.claimedUntil);
            if (next != null) {
                set = set.set(o.nextAttemptAt, next);
            }
            if (deliveredAt != null) {
                set = set.set(o.deliveredAt, deliveredAt);
            }
            if (error != null) {
                set = set.set(o.lastError, error);
            }
            return set.where(o.id.eq(id))
                            .and(o.state.eq(PENDING))
                            .and(o.claimedBy.eq(holder))
                            .execute()
                    == 1;
        });
    }

    @Override
    public List<Notification> list(Set<Notification.State> states, int limit) {
        List<String> values = states.stream().map(Notification.State::dbValue).toList();
        return db.read(ctx -> ctx.select(o.all())
                .from(o.t)
                .where(o.state.in(values))
                .orderBy(o.createdAt.desc(), o.id.desc())
                .limit(limit)
                .fetch(this::toNotification));
    }

    private Notification toNotification(Record r) {
        return new Notification(
                r.get(o.id),
                r.get(o.deliveryId),
                r.get(o.deploymentId),
                r.get(o.channel),
                r.get(o.channelType),
                r.get(o.event),
                r.get(o.body),
                Notification.State.parse(r.get(o.state)),
                r.get(o.attempts),
                r.get(o.nextAttemptAt),
                r.get(o.lastError),
                r.get(o.createdAt),
                r.get(o.deliveredAt));
    }
}
