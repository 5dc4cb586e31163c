package io.fraisier.webhook.host;

import com.fasterxml.jackson.databind.JsonNode;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import org.jspecify.annotations.Nullable;

/** Null-tolerant reads of payload fields. */
final class JsonFields {
    private JsonFields() {}

    /** The text at {@code path}, or null when a step is missing, null or not text. */
    static @Nullable String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String step : path) {
            current = current.path(step);
        }
        return current.isTextual() && !current.asText().isBlank() ? current.asText() : null;
    }

    /** The first non-null of two reads. */
    static @Nullable String either(@Nullable String first, @Nullable String second) {
        return first != null ? first : second;
    }

    static String required(JsonNode node, String host, String... path) {
        String value = text(node, path);
        if (value == null) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "The " + host + " push payload has no '" + String.join(".", path) + "'.",
                    "Send the host's own push payload unchanged.");
        }
        return value;
    }
}
