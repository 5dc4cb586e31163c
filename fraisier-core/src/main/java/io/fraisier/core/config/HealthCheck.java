package io.fraisier.core.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The health policy of an environment (flat {@code health_check_*} keys or the nested
 * {@code health_check:} block). No url, tcp or command means no check (the deployment succeeds when
 * the provider's steps do).
 *
 * @param url HTTP(S) URL probed from the orchestrator (may be null)
 * @param tcp {@code host:port} connected to from the orchestrator (may be null)
 * @param command command run on the target; exit 0 = healthy (may be null)
 * @param expectStatus HTTP status expected; null means any 2xx
 * @param timeout per attempt (default 5 s)
 * @param retries attempts after the first (default 3)
 * @param interval wait before the first retry; doubles, capped at 30 s (default 2 s)
 */
public record HealthCheck(
        @Nullable String url,
        @Nullable String tcp,
        @Nullable String command,
        @Nullable Integer expectStatus,
        Duration timeout,
        int retries,
        Duration interval) {
    /** The cap of the doubling backoff. */
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

    public boolean isConfigured() {
        return url != null || tcp != null || command != null;
    }

    /** The wait before retry number {@code retry} (1-based): interval × 2^(retry-1), capped at 30 s. */
    public Duration backoff(int retry) {
        Duration d = interval;
        for (int i = 1; i < retry && d.compareTo(MAX_INTERVAL) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : d;
    }
}
