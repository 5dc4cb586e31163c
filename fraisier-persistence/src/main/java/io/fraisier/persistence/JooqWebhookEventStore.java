package io.fraisier.persistence;

import io.fraisier.core.api.ErrorCode;
import io.fraisier.core.api.FraisierException;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.WebhookEventStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * {@link WebhookEventStore} on {@code tb_webhook_event}; a delivery is unique per
 * {@code (git_host, delivery_id)} (a database constraint, so racing daemons store it once). The
 * deployments an event created live in {@code tb_webhook_event_deployment}, whose rows cascade when
 * either side is deleted.
 */
final class JooqWebhookEventStore implements WebhookEventStore {
    private final Database db;
    private final Tables.Webhook w;
    private final Tables.WebhookLink link;

    JooqWebhookEventStore(Database db) {
        this.db = db;
        this.w = db.t.webhook;
        this.link = db.t.webhookLink;
    }

    @Override
    public Recorded record(WebhookEvent e) {
        return db.tx(ctx -> {
            if (e.deliveryId() != null) {
                Optional<WebhookEvent> earlier = byDelivery(ctx, e.gitHost(), e.deliveryId());
                if (earlier.isPresent()) {
                    return new Recorded(earlier.get(), true);
                }
            }
            var insert = ctx.insertInto(w.t)
                    .set(w.receivedAt, e.receivedAt())
                    .set(w.gitHost, e.gitHost())
                    .set(w.eventType, e.eventType())
                    .set(w.deliveryId, e.deliveryId())
                    .set(w.ref, e.ref())
                    .set(w.refType, e.refType())
                    .set(w.commitSha, e.commit())
                    .set(w.sender, e.sender())
                    .set(w.repository, e.repository())
                    .set(w.payload, e.payload())
                    .set(w.processed, e.processed())
                    .set(w.outcome, e.outcome());
            Long id;
            if (e.deliveryId() == null) {
                id = insert.returningResult(w.id).fetchOne(w.id);
            } else {
                // a daemon racing us on PostgreSQL may have stored it meanwhile: the constraint decides
                if (insert.onConflictDoNothing().execute() == 0) {
                    return new Recorded(
                            byDelivery(ctx, e.gitHost(), e.deliveryId()).orElseThrow(), true);
                }
                id = byDelivery(ctx, e.gitHost(), e.deliveryId()).orElseThrow().id();
            }
            for (Long deployment : e.deploymentIds()) {
                ctx.insertInto(link.t)
                        .set(link.webhookEventId, id)
                        .set(link.deploymentId, deployment)
                        .execute();
            }
            return new Recorded(load(ctx, id), false);
        });
    }

    @Override
    public void markProcessed(long id, String outcome, List<Long> deploymentIds) {
        db.tx(ctx -> {
            int changed = ctx.update(w.t)
                    .set(w.processed, true)
                    .set(w.outcome, outcome)
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
            List<Long> ids = rows.map(r -> r.get(w.id));
            Map<Long, List<Long>> links = new HashMap<>();
            ctx.select(link.webhookEventId, link.deploymentId)
                    .from(link.t)
                    .where(link.webhookEventId.in(ids))
                    .orderBy(link.deploymentId)
                    .forEach(r -> links.computeIfAbsent(r.value1(), k -> new java.util.ArrayList<>())
                            .add(r.value2()));
            return rows.map(r -> toEvent(r, links.getOrDefault(r.get(w.id), List.of())));
        });
    }

    private Optional<WebhookEvent> byDelivery(DSLContext ctx, String host, String delivery) {
        return ctx.select(w.all())
                .from(w.t)
                .where(w.gitHost.eq(host))
                .and(w.deliveryId.eq(delivery))
                .fetchOptional(r -> toEvent(r, links(ctx, r.get(w.id))));
    }

    private WebhookEvent load(DSLContext ctx, long id) {
        return ctx.select(w.all()).from(w.t).where(w.id.eq(id)).fetchSingle(r -> toEvent(r, links(ctx, id)));
    }

    private List<Long> links(DSLContext ctx, long id) {
        return ctx.select(link.deploymentId)
                .from(link.t)
                .where(link.webhookEventId.eq(id))
                .orderBy(link.deploymentId)
                .fetch(link.deploymentId);
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
