package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.testkit.fake.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));

    @Test
    void acquire_allowsABurstOfTheLimitThenSaysHowLongToWait() {
        RateLimiter limiter = new RateLimiter(3, clock);

        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(20);
    }

    @Test
    void acquire_refillsEvenlyOverAMinute() {
        RateLimiter limiter = new RateLimiter(60, clock);
        for (int i = 0; i < 60; i++) {
            limiter.acquire("a");
        }
        assertThat(limiter.acquire("a")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));

        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(1);
    }

    @Test
    void acquire_keepsOneBucketPerClient() {
        RateLimiter limiter = new RateLimiter(1, clock);
        limiter.acquire("a");

        assertThat(limiter.acquire("b")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
    }

    @Test
    void acquire_withLimitZero_neverLimits() {
        RateLimiter limiter = new RateLimiter(0, clock);

        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.acquire("a")).isZero();
        }
    }
}
