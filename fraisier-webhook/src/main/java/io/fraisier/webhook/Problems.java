package io.fraisier.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * RFC 9457 problem documents ({@code application/problem+json}): {@code type}, {@code title}, {@code
 * status}, {@code detail}, and Fraisier's {@code hint}. Thread-safe.
 */
final class Problems {
    static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:fraisier:problem:";

    private final ObjectMapper json;

    Problems(ObjectMapper json) {
        this.json = json;
    }

    /** A problem for a {@link FraisierException}: its code gives type, title and status. */
    Problem of(FraisierException e) {
        ErrorCode code = e.code();
        String title = code.id().replace('_', ' ');
        return new Problem(
                code.id(),
                title.substring(0, 1).toUpperCase(Locale.ROOT) + title.substring(1),
                code.httpStatus(),
                String.valueOf(e.getMessage()),
                e.hint());
    }

    Problem of(RequestRejected e) {
        return new Problem(e.type(), e.title(), e.status(), String.valueOf(e.getMessage()), e.hint());
    }

    String render(Problem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + problem.id());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (problem.hint() != null) {
            body.put("hint", problem.hint());
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /**
     * @param id stable id, also the request's outcome label
     */
    record Problem(
            String id,
            String title,
            int status,
            String detail,
            @Nullable String hint) {}
}
