package io.fraisier.persistence;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Refuses to take, renew or reclaim leases on PostgreSQL when this host's clock disagrees with the
 * server's by more than {@link #MAX_SKEW}. Leases, claims and crash recovery compare instants that each
 * host writes with its own clock: a host whose clock runs two minutes ahead sees every other host's lease
 * as expired, takes the lock beside a running deployment, and marks live deployments {@code interrupted}.
 * The server's clock is the one all hosts share, so each host compares its own with it: at the first lock
 * operation, then at most every {@link #EVERY} (a clock can jump), one {@code SELECT clock_timestamp()}.
 * SQLite is one host's file: nothing to compare. Thread-safe.
 */
final class ClockCheck {
    /**
     * The largest disagreement accepted: half the margin by which a holder counts its lease lost before it
     * lapses (10 s of the default 60 s lease), so that two hosts within it never hold one lock at once.
     */
    static final Duration MAX_SKEW = Duration.ofSeconds(5);
    /** How long a good answer stands before the clocks are compared again. */
    static final Duration EVERY = Duration.ofMinutes(1);

    private final Clock host;
    private final DatabaseLocation location;
    private final Object lock = new Object();
    /** When the clocks last agreed ({@link System#nanoTime}); guarded by {@link #lock}. */
    private long agreedAt;

    private boolean agreed;

    ClockCheck(Clock host, DatabaseLocation location) {
        this.host = host;
        this.location = location;
    }

    /**
     * Passes when the clocks agreed within {@link #EVERY}, else compares them now on {@code db}.
     *
     * @throws FraisierException {@link ErrorCode#CLOCK_SKEW} naming the skew, the server and what to do
     */
    void require(Database db) {
        if (location.sqlite()) {
            return;
        }
        synchronized (lock) {
            if (agreed && System.nanoTime() - agreedAt < EVERY.toNanos()) {
                return;
            }
        }
        Duration skew = db.query(this::measure);
        if (skew.abs().compareTo(MAX_SKEW) > 0) {
            synchronized (lock) {
                agreed = false;
            }
            throw skewed(skew);
        }
        synchronized (lock) {
            agreed = true;
            agreedAt = System.nanoTime();
        }
    }

    /**
     * This host's clock minus the server's (positive: this host is ahead), taking the server's answer as
     * given half-way through the round trip, and leaving out what that round trip cannot tell apart.
     */
    private Duration measure(Connection c) throws SQLException {
        Instant before = host.instant();
        Instant server;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            server = rs.getObject(1, OffsetDateTime.class).toInstant();
        }
        Instant after = host.instant();
        Duration halfTrip = Duration.between(before, after).dividedBy(2);
        Duration skew = Duration.between(server, before.plus(halfTrip));
        // the answer may have been made anywhere in the round trip: count only what lies beyond it
        Duration beyond = skew.abs().minus(halfTrip);
        return beyond.isNegative() ? Duration.ZERO : (skew.isNegative() ? beyond.negated() : beyond);
    }

    private FraisierException skewed(Duration skew) {
        double seconds = Math.abs(skew.toMillis()) / 1000.0;
        return new FraisierException(
                ErrorCode.CLOCK_SKEW,
                String.format(
                        java.util.Locale.ROOT,
                        "This host's clock is %.1f s %s the clock of the PostgreSQL server at %s (from %s): lock"
                                + " leases expire by the clock, so hosts whose clocks disagree by more than %d s"
                                + " could run two deployments of one target at once or mark a running one"
                                + " interrupted; nothing was changed",
                        seconds,
                        skew.isNegative() ? "behind" : "ahead of",
                        location.hostPort(),
                        location.configKey(),
                        MAX_SKEW.toSeconds()),
                "Synchronise this host's and the database server's clocks with NTP (`timedatectl set-ntp true`;"
                        + " `chronyc tracking` or `timedatectl timesync-status` shows the offset), then retry.");
    }
}
