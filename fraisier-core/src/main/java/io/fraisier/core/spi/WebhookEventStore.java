package io.fraisier.core.spi;

import io.fraisier.core.model.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Received webhook deliveries ({@code tb_webhook_event}). */
public interface WebhookEventStore {
    /**
     * How long a claim ({@link #claim}) keeps an unprocessed event from other copies of its delivery. A
     * request processes its event within milliseconds and gives the claim back when it fails; a claim
     * older than this belongs to a process that died half-way, and a redelivery may take it over.
     */
    Duration CLAIM_LEASE = Duration.ofSeconds(30);

    /**
     * Stores a delivery. A delivery id already stored for the same git host is a duplicate: nothing is
     * written and the earlier event is returned with {@link Recorded#duplicate()} true. A new event
     * stored unprocessed is claimed ({@link #claim}) by the caller, at its {@code receivedAt}, in the
     * same write: of any number of racing copies of a delivery, only the one that created the row holds
     * it. The event is durably stored when this returns; a write that fails throws.
     *
     * @param event a delivery as received: it has created no deployment yet (they refer to the stored
     *     event and are linked by {@link #markProcessed})
     * @throws IllegalArgumentException when {@code event} already names deployments
     */
    Recorded record(WebhookEvent event);

    /** Sets the processed flag, the outcome and the deployments it created. */
    void markProcessed(long id, String outcome, List<Long> deploymentIds);

    /**
     * Claims an unprocessed event for processing at {@code now}: true for exactly one of any number of
     * racing callers (across processes), and only when the event is not processed and holds no claim
     * younger than {@link #CLAIM_LEASE}. False for an unknown id.
     */
    boolean claim(long id, Instant now);

    /**
     * Gives back the claim on an event that is still unprocessed (its processing failed), so that a
     * redelivery can take it at once instead of after {@link #CLAIM_LEASE}. Nothing for a processed event.
     */
    void releaseClaim(long id);

    /**
     * Newest first. Each event names, ascending and once each, the deployments {@link #markProcessed}
     * gave it and every deployment whose webhook event is this one (a push queued again as a new row
     * after a skipped replay superseded it); a duplicate's {@link #record} names them the same way.
     */
    List<WebhookEvent> recent(int limit);

    /** The stored event and whether it was already there. */
    record Recorded(WebhookEvent event, boolean duplicate) {}
}
