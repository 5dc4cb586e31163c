package io.fraisier.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that only moves when told to. */
final class ManualClock extends Clock {
    private final Instant start;
    private volatile Instant now;

    ManualClock(Instant start) {
        this.start = start;
        this.now = start;
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    Duration elapsed() {
        return Duration.between(start, now);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
