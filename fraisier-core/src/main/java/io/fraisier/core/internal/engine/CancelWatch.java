package io.fraisier.core.internal.engine;

import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.spi.DeploymentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Whether an operator asked a running deployment to stop ({@code fraisier cancel}, from any process
 * sharing the store). Reads the row's request at most once per {@link #POLL} by the injected clock (one
 * primary-key read), alongside the lease renewals; once seen, the request is kept. A store that cannot
 * be read counts as no request: the lease renewal reports a store that is really gone.
 *
 * <p>The read runs on a thread of its own and polls wait for it at most {@link #ANSWER_WAIT} after it was
 * asked: the
 * caller is the thread that watches a provider step and must stop it when the lease is lost, which a
 * database that stops answering (each call then waits out the driver's socket timeout) must not delay. An
 * answer that comes later is taken by the next poll. Thread-safe.
 */
final class CancelWatch {
    /** How often the store is asked; a request is seen within this (plus one provider wait slice). */
    static final Duration POLL = Duration.ofSeconds(1);

    /** How long a poll waits for the store's answer (a healthy database answers in milliseconds). */
    static final Duration ANSWER_WAIT = Duration.ofMillis(500);

    private static final Executor READER =
            r -> Thread.ofPlatform().daemon().name("fraisier-cancel-watch").start(r);

    private final DeploymentStore rows;
    private final long deploymentId;
    private final Clock clock;
    private @Nullable Instant lastPoll;
    private @Nullable CancelRequest seen;
    /** The read the store has not answered yet. */
    private @Nullable CompletableFuture<Optional<CancelRequest>> inFlight;

    private long inFlightSince;

    CancelWatch(DeploymentStore rows, long deploymentId, Clock clock) {
        this.rows = rows;
        this.deploymentId = deploymentId;
        this.clock = clock;
    }

    /** The request, asking the store when the last look is {@link #POLL} old or more. */
    synchronized Optional<CancelRequest> poll() {
        if (seen != null) {
            return Optional.of(seen);
        }
        if (inFlight == null) {
            Instant now = clock.instant();
            if (lastPoll != null && now.isBefore(lastPoll.plus(POLL))) {
                return Optional.empty();
            }
            lastPoll = now;
            inFlight = CompletableFuture.supplyAsync(() -> rows.cancelRequest(deploymentId), READER);
            inFlightSince = System.nanoTime();
        }
        CompletableFuture<Optional<CancelRequest>> read = inFlight;
        // a read the store has been silent on for longer than the wait is not waited for again
        long wait = Math.max(0, ANSWER_WAIT.toNanos() - (System.nanoTime() - inFlightSince));
        try {
            seen = read.get(wait, TimeUnit.NANOSECONDS).orElse(null);
        } catch (TimeoutException e) {
            return Optional.empty(); // still asking: the next poll takes the answer
        } catch (ExecutionException e) {
            // the store cannot be read: no request, asked again after the next POLL
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        inFlight = null;
        return Optional.ofNullable(seen);
    }
}
