package io.fraisier.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: {@code perMinute} requests in a burst, refilled evenly over a
 * minute. Buckets that have refilled completely are forgotten, so addresses that stop sending cost no
 * memory. A limit of 0 or less turns limiting off.
 *
 * <p>Thread-safe.
 */
final class RateLimiter {
    private static final int SWEEP_EVERY = 1024;

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private int calls;

    RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /**
     * Takes one token for {@code client}.
     *
     * @return 0 when allowed, else the whole seconds until a token is available (at least 1)
     */
    long acquire(String client) {
        if (perMinute <= 0) {
            return 0;
        }
        Instant now = clock.instant();
        sweep(now);
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(perMinute, now));
        synchronized (bucket) {
            bucket.refill(now, perMinute);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            double secondsPerToken = 60.0 / perMinute;
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) * secondsPerToken));
        }
    }

    private void sweep(Instant now) {
        boolean due;
        synchronized (this) {
            due = ++calls % SWEEP_EVERY == 0;
        }
        if (due) {
            buckets.entrySet().removeIf(e -> e.getValue().fullAt(now, perMinute));
        }
    }

    private static final class Bucket {
        private double tokens;
        private Instant updated;

        Bucket(double tokens, Instant now) {
            this.tokens = tokens;
            this.updated = now;
        }

        void refill(Instant now, int perMinute) {
            if (now.isAfter(updated)) {
                double elapsed = Duration.between(updated, now).toNanos() / 1e9;
                tokens = Math.min(perMinute, tokens + elapsed * perMinute / 60.0);
                updated = now;
            }
        }

        synchronized boolean fullAt(Instant now, int perMinute) {
            refill(now, perMinute);
            return tokens >= perMinute;
        }
    }
}
