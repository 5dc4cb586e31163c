package io.fraisier.webhook.host;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * Reads one git host's JSON payload into a {@link HostEvent}. Stateless and thread-safe.
 */
public interface PayloadParser {
    /**
     * @param eventType the event header's value, or null when the request had none (the event is then
     *     inferred from the body)
     * @throws io.fraisier.core.error.FraisierException {@code USAGE} when a push lacks the fields it must have
     */
    HostEvent parse(@Nullable String eventType, JsonNode body);
}
