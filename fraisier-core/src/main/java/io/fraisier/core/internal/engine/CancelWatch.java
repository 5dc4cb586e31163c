package io.fraisier.core.internal.engine;

import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.spi.DeploymentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether an operator asked a running deployment to stop ({@code fraisier cancel}, from any process
 * sharing the store). Reads the row's request at most once per {@link #POLL} by the injected clock (one
 * primary-key read), alongside the lease renewals; once seen, the request is kept. A store that cannot
 * be read counts as no request: the lease renewal reports a store that is really gone. Thread-safe.
 */
final class CancelWatch {
    /** How often the store is asked; a request is seen within this (plus one provider wait slice). */
    static final Duration POLL = Duration.ofSeconds(1);

    private final DeploymentStore rows;
    private final long deploymentId;
    private final Clock clock;
    private @Nullable Instant lastPoll;
    private @Nullable CancelRequest seen;

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
        Instant now = clock.instant();
        if (lastPoll != null && now.isBefore(lastPoll.plus(POLL))) {
            return Optional.empty();
        }
        lastPoll = now;
        try {
            seen = rows.cancelRequest(deploymentId).orElse(null);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(seen);
    }
}
