package io.fraisier.webhook;

import io.fraisier.core.error.FraisierException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store can write, for {@code /health}: {@code Fraisier#checkWritable} (a tiny real
 * write) run on a thread of its own, at most one at a time, its answer kept for {@link #FRESH}. A caller
 * waits at most {@link #WAIT} for a probe in flight, so {@code /health} answers within a second even when
 * the database does not answer at all (a connection attempt waits up to 10 s); a thousand health checks
 * a second cost one probe.
 *
 * <p>What failed is logged here, once per change, and never told to the caller: it names the database.
 * Thread-safe.
 */
final class StoreHealth {
    /** How long an answer is reused. */
    static final Duration FRESH = Duration.ofSeconds(1);
    /** How long a caller waits for a probe before answering "unavailable". */
    static final Duration WAIT = Duration.ofMillis(800);
    /** What {@code Retry-After} says when the store cannot write. */
    static final long RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);

    private final Runnable checkWritable;
    private @Nullable Boolean writable;
    private long checkedAtNanos;
    private @Nullable CompletableFuture<Boolean> probe;

    /** @param checkWritable throws when the store cannot write now ({@code Fraisier::checkWritable}) */
    StoreHealth(Runnable checkWritable) {
        this.checkWritable = Objects.requireNonNull(checkWritable, "checkWritable");
    }

    /**
     * @throws RequestRejected 503 {@code database_unavailable} with {@code Retry-After} when the store
     *     cannot write, or did not say within {@link #WAIT}
     */
    void requireWritable() {
        if (!writable()) {
            throw unavailable("The database is unavailable.");
        }
    }

    /**
     * A write just failed for want of a writable database: answer "unavailable" from now on, without
     * waiting for the reused healthy answer to age (the next probe, a second later, asks again).
     */
    synchronized void writeFailed() {
        if (!Boolean.FALSE.equals(writable)) {
            LOG.warn("Health: a write to the store failed; /health answers 503");
        }
        writable = false;
        checkedAtNanos = System.nanoTime();
    }

    /**
     * Starts a probe now, without waiting for it, unless one runs or a fresh answer is kept: the daemon
     * calls it as it starts listening, so that the first {@code /health} finds a real answer of the last
     * second instead of waiting for a probe of its own.
     */
    synchronized void refresh() {
        if (writable == null || System.nanoTime() - checkedAtNanos >= FRESH.toNanos()) {
            probe();
        }
    }

    /** The probe in flight, started if none runs. */
    private synchronized CompletableFuture<Boolean> probe() {
        if (probe == null) {
            CompletableFuture<Boolean> started = new CompletableFuture<>();
            probe = started;
            Thread.ofPlatform().daemon().name("fraisier-health-probe").start(() -> started.complete(probeNow()));
        }
        return probe;
    }

    private boolean writable() {
        CompletableFuture<Boolean> running;
        synchronized (this) {
            if (writable != null && System.nanoTime() - checkedAtNanos < FRESH.toNanos()) {
                return writable;
            }
            running = probe();
        }
        try {
            return running.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private boolean probeNow() {
        boolean ok;
        String problem = null;
        try {
            checkWritable.run();
            ok = true;
        } catch (FraisierException e) {
            ok = false;
            problem = e.getMessage();
        } catch (RuntimeException e) {
            ok = false;
            problem = e.toString();
        }
        synchronized (this) {
            if (!ok && !Boolean.FALSE.equals(writable)) {
                LOG.warn("Health: the store cannot write; /health answers 503: {}", problem);
            } else if (ok && Boolean.FALSE.equals(writable)) {
                LOG.info("Health: the store writes again; /health answers 200");
            }
            writable = ok;
            checkedAtNanos = System.nanoTime();
            probe = null;
        }
        return ok;
    }

    /**
     * The answer to an unauthenticated caller when the database fails: 503, {@code Retry-After}, and
     * nothing about where the database is (its log has that).
     */
    static RequestRejected unavailable(String detail) {
        return new RequestRejected(
                503,
                "database_unavailable",
                "Database unavailable",
                detail,
                "Retry later; the daemon's log says what failed.",
                RETRY_AFTER_SECONDS);
    }
}
