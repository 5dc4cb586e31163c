package io.fraisier.webhook;

import io.fraisier.webhook.host.GitHost;
import io.fraisier.webhook.host.Headers;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One webhook request as received, body already read within the size limit.
 *
 * @param routeHost the host named by the URL ({@code /webhook/github}), or null for {@code /webhook}
 * @param headers the request headers
 * @param contentType the request's {@code Content-Type}, or null
 * @param body the raw body bytes (what the signature covers)
 */
record Delivery(
        @Nullable GitHost routeHost,
        Headers headers,
        @Nullable String contentType,
        byte[] body) {
    Delivery {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }
}
