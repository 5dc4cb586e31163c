package io.fraisier.core.api;

import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.WebhookEventStore;
import java.time.Instant;
import java.util.List;

/**
 * Received webhook deliveries, as the webhook daemon records them and {@code fraisier webhooks} lists
 * them: the part of the store a receiver needs, and nothing else. Get one from {@link
 * Fraisier#webhookEvents()}. Thread-safe.
 */
public final class WebhookEvents {
    private final WebhookEventStore store;

    WebhookEvents(WebhookEventStore store) {
        this.store = store;
    }

    /** See {@link WebhookEventStore#record}: stores a delivery, or finds the earlier copy of it. */
    public WebhookEventStore.Recorded record(WebhookEvent event) {
        return store.record(event);
    }

    /** See {@link WebhookEventStore#claim}: whether this caller now processes the stored event. */
    public boolean claim(long id, Instant now) {
        return store.claim(id, now);
    }

    /** See {@link WebhookEventStore#releaseClaim}: gives back the claim on an unprocessed event. */
    public void releaseClaim(long id) {
        store.releaseClaim(id);
    }

    /** Marks a stored event processed, with its outcome and the deployments it queued. */
    public void markProcessed(long id, String outcome, List<Long> deploymentIds) {
        store.markProcessed(id, outcome, deploymentIds);
    }

    /** The {@code limit} latest events, newest first. */
    public List<WebhookEvent> recent(int limit) {
        return store.recent(limit);
    }
}
