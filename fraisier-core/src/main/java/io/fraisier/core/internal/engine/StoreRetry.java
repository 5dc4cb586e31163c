package io.fraisier.core.internal.engine;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The writes that end a run (its final status, the release of its lock), retried through a short database
 * outage (a PostgreSQL restart, a fail-over) instead of given up at the first refusal. Given up, they
 * leave the row open and the target locked until the lease lapses (a minute by default), and the next
 * deployment of that target waits that long. Only {@code DATABASE_UNAVAILABLE} is retried: any other
 * failure is the write's own answer. The waits go through the engine's sleeper.
 *
 * <p>An interrupt (Ctrl-C, SIGTERM, a daemon's drain running out) is held back while a write runs, and set
 * again after: these writes record how the interrupted run ended, and a connection pool refuses to wait
 * for a connection on an interrupted thread, which left the lock of a cancelled run held. An interrupted
 * caller gets one try, not the retries. Stateless.
 */
final class StoreRetry {
    /** How long the writes are retried, at most: a restart, not an outage an operator must look at. */
    static final Duration WINDOW = Duration.ofSeconds(15);

    private static final Duration FIRST_WAIT = Duration.ofMillis(250);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

    private StoreRetry() {}

    /**
     * Runs {@code write}, again while it fails with {@code DATABASE_UNAVAILABLE} and the window lasts; the
     * first refusal is logged (a warning naming {@code what}), so that a command that seems to hang says why.
     *
     * @param what the write, for the log: {@code "recording the end of deployment #12"}
     * @throws FraisierException the last failure, when the window ended or the thread was interrupted
     */
    static <T> T call(EngineServices services, String what, Supplier<T> write) {
        boolean interrupted = Thread.interrupted();
        try {
            return retried(services, what, write, interrupted);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T retried(EngineServices services, String what, Supplier<T> write, boolean interrupted) {
        Instant giveUpAt = services.clock().instant().plus(WINDOW);
        Duration wait = FIRST_WAIT;
        while (true) {
            try {
                return write.get();
            } catch (FraisierException e) {
                if (e.code() != ErrorCode.DATABASE_UNAVAILABLE
                        || interrupted
                        || !services.clock().instant().plus(wait).isBefore(giveUpAt)) {
                    throw e;
                }
                if (wait.equals(FIRST_WAIT)) {
                    System.getLogger(StoreRetry.class.getName())
                            .log(
                                    System.Logger.Level.WARNING,
                                    "The database refused " + what + " (" + e.getMessage()
                                            + "); trying again for up to " + WINDOW.toSeconds() + " s");
                }
                try {
                    services.sleeper().sleep(wait);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            }
        }
    }
}
