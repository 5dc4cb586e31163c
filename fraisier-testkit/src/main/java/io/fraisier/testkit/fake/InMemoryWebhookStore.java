package io.fraisier.testkit.fake;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.WebhookEventStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** The webhook deliveries of an {@link InMemoryStore}; see there. Dedupe is per git host and delivery id. */
final class InMemoryWebhookStore implements WebhookEventStore {
    private final InMemoryStore db;

    InMemoryWebhookStore(InMemoryStore db) {
        this.db = db;
    }

    @Override
    public Recorded record(WebhookEvent e) {
        if (!e.deploymentIds().isEmpty()) {
            throw new IllegalArgumentException("a received delivery names no deployments yet: " + e.deploymentIds());
        }
        synchronized (db.mutex) {
            db.checkUp();
            if (e.deliveryId() != null) {
                for (WebhookEvent stored : db.webhooks.values()) {
                    if (stored.gitHost().equals(e.gitHost()) && Objects.equals(stored.deliveryId(), e.deliveryId())) {
                        return new Recorded(withQueued(stored), true);
                    }
                }
            }
            db.checkWritesWork();
            WebhookEvent stored = e.stored(db.nextWebhookId++, e.receivedAt());
            db.webhooks.put(stored.id(), stored);
            if (!stored.processed()) {
                db.webhookClaims.put(stored.id(), stored.receivedAt());
            }
            return new Recorded(stored, false);
        }
    }

    @Override
    public void markProcessed(long id, String outcome, List<Long> deploymentIds) {
        synchronized (db.mutex) {
            db.checkUp();
            db.checkWritesWork();
            WebhookEvent e = db.webhooks.get(id);
            if (e == null) {
                throw new FraisierException(ErrorCode.NOT_FOUND, "No webhook event #" + id, null);
            }
            db.webhooks.put(id, copy(e, true, outcome, deploymentIds));
            db.webhookClaims.remove(id);
        }
    }

    @Override
    public boolean claim(long id, Instant now) {
        synchronized (db.mutex) {
            db.checkUp();
            db.checkWritesWork();
            WebhookEvent e = db.webhooks.get(id);
            if (e == null || e.processed()) {
                return false;
            }
            Instant held = db.webhookClaims.get(id);
            if (held != null && !held.isBefore(now.minus(CLAIM_LEASE))) {
                return false;
            }
            db.webhookClaims.put(id, now);
            return true;
        }
    }

    @Override
    public void releaseClaim(long id) {
        synchronized (db.mutex) {
            db.checkUp();
            db.checkWritesWork();
            db.webhookClaims.remove(id);
        }
    }

    @Override
    public List<WebhookEvent> recent(int limit) {
        synchronized (db.mutex) {
            db.checkUp();
            // as the real stores: newest received first, then newest id
            return db.webhooks.values().stream()
                    .sorted(java.util.Comparator.comparing(WebhookEvent::receivedAt)
                            .thenComparingLong(WebhookEvent::id)
                            .reversed())
                    .limit(limit)
                    .map(this::withQueued)
                    .toList();
        }
    }

    /**
     * {@code e} naming, besides the deployments linked when it was processed, every deployment of the
     * store that carries its id (a push queued again as a new row later), ascending and each once, as the
     * real stores read it; under {@code db.mutex}.
     */
    private WebhookEvent withQueued(WebhookEvent e) {
        TreeSet<Long> ids = new TreeSet<>(e.deploymentIds());
        for (Deployment d : db.deployments.values()) {
            if (Objects.equals(d.webhookEventId(), e.id())) {
                ids.add(d.id());
            }
        }
        return copy(e, e.processed(), e.outcome(), List.copyOf(ids));
    }

    private static WebhookEvent copy(
            WebhookEvent e, boolean processed, @Nullable String outcome, List<Long> deploymentIds) {
        return new WebhookEvent(
                e.id(),
                e.receivedAt(),
                e.gitHost(),
                e.eventType(),
                e.deliveryId(),
                e.ref(),
                e.refType(),
                e.commit(),
                e.sender(),
                e.repository(),
                e.payload(),
                processed,
                outcome,
                deploymentIds);
    }
}
