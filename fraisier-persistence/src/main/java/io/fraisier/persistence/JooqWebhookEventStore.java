package io.fraisier.persistence;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.WebhookEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/**
 * {@link WebhookEventStore} on {@code tb_webhook_event}; a delivery is unique per
 * {@code (git_host, delivery_id)} (a database constraint, so racing daemons store it once). The
 * deployments an event created live in {@code tb_webhook_event_deployment}, whose rows cascade when
 * either side is deleted; an event read back names those and every deployment whose {@code
 * webhook_event_id} is the event (one queued again for it later).
 */
final class JooqWebhookEventStore implements WebhookEventStore {
    private final Database db;
    private final Tables.Webhook w;
    private final Tables.WebhookLink link;
    private final Tables.Deployment d;

    JooqWebhookEventStore(Database db) {
        this.db = db;
        this.w = db.t().webhook;
        this.link = db.t().webhookLink;
        this.d = db.t().deployment;
    }

    /**
     * Stores a new delivery in one auto-committed statement (one round trip, SQL written once): the
     * unique constraint, not a prior lookup, decides whether it is a duplicate, so racing daemons store
     * it once. Only a duplicate costs a second statement (reading the earlier event).
     *
     * <p>On SQLite the id is not taken from {@code RETURNING}: SQLite hands out the returned row on the
     * statement's first step, before its auto-commit, and a commit that then fails (a full disk,
     * {@code SQLITE_FULL}) rolled the row back while the caller already held — and acknowledged — its
     * id, which the next insert was given again. {@code executeUpdate} runs the statement through its
     * commit and throws when that fails; the id is read afterwards on the same connection, under this
     * process's writer lock.
     */
    @Override
    public Recorded record(WebhookEvent e) {
        if (!e.deploymentIds().isEmpty()) {
            throw new IllegalArgumentException("a received delivery names no deployments yet: " + e.deploymentIds());
        }
        Long id = db.statement(c -> db.isPostgres() ? insertReturningId(c, e) : insertThenReadId(c, e));
        if (id == null) {
            return new Recorded(
                    db.read(ctx -> byDelivery(ctx, e.gitHost(), Objects.requireNonNull(e.deliveryId())))
                            .orElseThrow(),
                    true);
        }
        return new Recorded(e.stored(id, db.stored(e.receivedAt())), false);
    }

    private @Nullable Long insertReturningId(Connection c, WebhookEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT + " RETURNING id")) {
            bindEvent(ps, e);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private @Nullable Long insertThenReadId(Connection c, WebhookEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
            bindEvent(ps, e);
            if (ps.executeUpdate() == 0) {
                return null;
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Same SQL on PostgreSQL and SQLite (3.35+): NULL delivery ids never conflict. */
    private static final String INSERT_EVENT = "INSERT INTO " + Tables.Webhook.N
            + " (received_at, git_host, event_type, delivery_id, ref, ref_type, commit_sha, sender, repository,"
            + " payload, processed, outcome, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (git_host, delivery_id) DO NOTHING";

    private void bindEvent(PreparedStatement ps, WebhookEvent e) throws SQLException {
        db.bind(ps, 1, e.receivedAt());
        ps.setString(2, e.gitHost());
        ps.setString(3, e.eventType());
        ps.setString(4, e.deliveryId());
        ps.setString(5, e.ref());
        ps.setString(6, e.refType());
        ps.setString(7, e.commit());
        ps.setString(8, e.sender());
        ps.setString(9, e.repository());
        ps.setString(10, e.payload());
        ps.setBoolean(11, e.processed());
        ps.setString(12, e.outcome());
        // a new unprocessed event is claimed by the request that stored it
        if (e.processed()) {
            ps.setNull(13, db.isPostgres() ? Types.TIMESTAMP_WITH_TIMEZONE : Types.BIGINT);
        } else {
            db.bind(ps, 13, e.receivedAt());
        }
    }

    @Override
    public boolean claim(long id, Instant now) {
        Instant staleBefore = now.minus(CLAIM_LEASE);
        return db.write(ctx -> ctx.update(w.t)
                        .set(w.claimedAt, now)
                        .where(w.id.eq(id))
                        .and(w.processed.isFalse())
                        .and(w.claimedAt.isNull().or(w.claimedAt.lt(staleBefore)))
                        .execute())
                == 1;
    }

    @Override
    public void releaseClaim(long id) {
        db.write(ctx -> ctx.update(w.t)
                .setNull(w.claimedAt)
                .where(w.id.eq(id))
                .and(w.processed.isFalse())
                .execute());
    }

    @Override
    public void markProcessed(long id, String outcome, List<Long> deploymentIds) {
        db.tx(ctx -> {
            int changed = ctx.update(w.t)
                    .set(w.processed, true)
                    .set(w.outcome, outcome)
                    .setNull(w.claimedAt)
                    .where(w.id.eq(id))
                    .execute();
            if (changed != 1) {
                throw new FraisierException(
                        ErrorCode.NOT_FOUND,
                        "Webhook event " + id + " does not exist",
                        "See `fraisier webhooks` for stored events.");
            }
            for (Long deployment : deploymentIds) {
                ctx.insertInto(link.t)
                        .set(link.webhookEventId, id)
                        .set(link.deploymentId, deployment)
                        .onConflictDoNothing()
                        .execute();
            }
            return null;
        });
    }

    @Override
    public List<WebhookEvent> recent(int limit) {
        return db.read(ctx -> {
            var rows = ctx.select(w.all())
                    .from(w.t)
                    .orderBy(w.receivedAt.desc(), w.id.desc())
                    .limit(limit)
                    .fetch();
            Map<Long, List<Long>> deployments = deploymentIds(ctx, rows.map(r -> r.get(w.id)));
            return rows.map(r -> toEvent(r, deployments.getOrDefault(r.get(w.id), List.of())));
        });
    }

    private Optional<WebhookEvent> byDelivery(DSLContext ctx, String host, String delivery) {
        return ctx.select(w.all())
                .from(w.t)
                .where(w.gitHost.eq(host))
                .and(w.deliveryId.eq(delivery))
                .fetchOptional(r ->
                        toEvent(r, deploymentIds(ctx, List.of(r.get(w.id))).getOrDefault(r.get(w.id), List.of())));
    }

    /**
     * The deployments queued for each of {@code events}, ascending, each once, in one query: those linked
     * when the event was processed and every row carrying the event's id, which takes in a push queued
     * again as a new row after it was processed (a skipped replay gives back the place of the newer push
     * it superseded, {@code SupersededRequests}).
     */
    private Map<Long, List<Long>> deploymentIds(DSLContext ctx, Collection<Long> events) {
        Map<Long, SortedSet<Long>> found = new HashMap<>();
        ctx.select(link.webhookEventId, link.deploymentId)
                .from(link.t)
                .where(link.webhookEventId.in(events))
                .union(ctx.select(d.webhookEventId, d.id).from(d.t).where(d.webhookEventId.in(events)))
                .forEach(r ->
                        found.computeIfAbsent(r.value1(), k -> new TreeSet<>()).add(r.value2()));
        Map<Long, List<Long>> out = new HashMap<>();
        found.forEach((event, ids) -> out.put(event, List.copyOf(ids)));
        return out;
    }

    private WebhookEvent toEvent(Record r, List<Long> deploymentIds) {
        return new WebhookEvent(
                r.get(w.id),
                r.get(w.receivedAt),
                r.get(w.gitHost),
                r.get(w.eventType),
                r.get(w.deliveryId),
                r.get(w.ref),
                r.get(w.refType),
                r.get(w.commitSha),
                r.get(w.sender),
                r.get(w.repository),
                r.get(w.payload),
                Boolean.TRUE.equals(r.get(w.processed)),
                r.get(w.outcome),
                deploymentIds);
    }
}
