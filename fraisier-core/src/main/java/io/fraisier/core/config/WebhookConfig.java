package io.fraisier.core.config;

import java.util.List;

/**
 * The {@code webhook:} block (the daemon).
 *
 * @param address listen address (default {@code 127.0.0.1})
 * @param port listen port (default 8080)
 * @param maxBodyBytes larger bodies get 413 (default 5 MiB)
 * @param rateLimit requests per minute per client address (default 60)
 * @param trustedProxies addresses allowed to set {@code X-Forwarded-For}
 * @param workers deployments run in parallel, distinct targets only (default 4)
 */
public record WebhookConfig(
        String address, int port, long maxBodyBytes, int rateLimit, List<String> trustedProxies, int workers) {
    public WebhookConfig {
        trustedProxies = List.copyOf(trustedProxies);
    }

    public static WebhookConfig defaults() {
        return new WebhookConfig("127.0.0.1", 8080, 5L * 1024 * 1024, 60, List.of(), 4);
    }
}
