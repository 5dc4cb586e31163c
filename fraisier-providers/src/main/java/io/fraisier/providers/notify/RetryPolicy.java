package io.fraisier.providers.notify;

import java.time.Duration;

/**
 * When a message that was not accepted is tried again: after {@code first}, doubling each time up to
 * {@code cap}; after {@code maxAttempts} attempts it is {@code failed} and tried no more.
 */
public record RetryPolicy(Duration first, Duration cap, int maxAttempts) {
    /** 15 s, 30 s, 1 min, … up to 30 min between attempts; 10 attempts (about 2 h 40 min in all). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(15), Duration.ofMinutes(30), 10);

    public RetryPolicy {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("invalid retry policy " + first + " " + cap + " " + maxAttempts);
        }
    }

    /** The wait after the {@code attempts}-th failed attempt (1-based). */
    public Duration delayAfter(int attempts) {
        Duration d = first;
        for (int i = 1; i < attempts && d.compareTo(cap) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(cap) > 0 ? cap : d;
    }
}
