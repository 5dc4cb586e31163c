package io.fraisier.core.spi;

import io.fraisier.core.model.WebhookEvent;
import java.util.List;

/** Received webhook deliveries ({@code tb_webhook_event}). */
public interface WebhookEventStore {
    /**
     * Stores a delivery. A delivery id already stored for the same git host is a duplicate: nothing is
     * written and the earlier event is returned with {@link Recorded#duplicate()} true.
     *
     * @param event a delivery as received: it has created no deployment yet (they refer to the stored
     *     event and are linked by {@link #markProcessed})
     * @throws IllegalArgumentException when {@code event} already names deployments
     */
    Recorded record(WebhookEvent event);

    /** Sets the processed flag, the outcome and the deployments it created. */
    void markProcessed(long id, String outcome, List<Long> deploymentIds);

    /** Newest first. */
    List<WebhookEvent> recent(int limit);

    /** The stored event and whether it was already there. */
    record Recorded(WebhookEvent event, boolean duplicate) {}
}
