package io.fraisier.webhook;

import io.fraisier.webhook.host.GitHost;
import io.fraisier.webhook.host.GitHostDetector;
import org.jspecify.annotations.Nullable;

/**
 * A request the daemon refuses for what it is (too large, unsigned, not JSON, too many), as opposed to
 * a {@link io.fraisier.core.error.FraisierException} about the daemon's own state. Answered as a problem
 * document with {@link #status()}; the detail names what was wrong and never contains a secret.
 */
final class RequestRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final @Nullable String hint;
    private final long retryAfterSeconds;

    RequestRejected(int status, String type, String title, String detail, @Nullable String hint) {
        this(status, type, title, detail, hint, 0);
    }

    RequestRejected(int status, String type, String title, String detail, @Nullable String hint, long retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.hint = hint;
        this.retryAfterSeconds = retryAfter;
    }

    int status() {
        return status;
    }

    /** A stable id ({@code invalid_signature}), also the request's outcome label. */
    String type() {
        return type;
    }

    String title() {
        return title;
    }

    @Nullable
    String hint() {
        return hint;
    }

    /** Seconds to send in {@code Retry-After}, 0 for none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Retry-After for a delivery in progress: a living request finishes it within milliseconds. */
    static final long IN_PROGRESS_RETRY_AFTER_SECONDS = 5;

    /**
     * 409: the delivery is stored but not finished, and another request holds its claim: one still at it,
     * or one whose process died within the claim lease. Never a 2xx: the sender must not take as done
     * what may never be deployed, and a redelivery after {@code Retry-After} learns the truth.
     */
    static RequestRejected deliveryInProgress(@Nullable String deliveryId, long eventId, long leaseSeconds) {
        return new RequestRejected(
                409,
                "delivery_in_progress",
                "Delivery in progress",
                "Delivery " + deliveryId + " (webhook event " + eventId + ") was received and is not finished yet:"
                        + " another request is at it, or one that failed holds it for up to " + leaseSeconds + " s.",
                "Redeliver it: once it is finished the answer is 200 duplicate; if the request at it died, this"
                        + " daemon takes it over after " + leaseSeconds + " s and answers 202.",
                IN_PROGRESS_RETRY_AFTER_SECONDS);
    }

    /** 400: no git host can be told from the request's route or headers, and git.provider is not set. */
    static RequestRejected unknownHost() {
        return new RequestRejected(
                400,
                "unknown_git_host",
                "Unknown git host",
                "The request carries none of " + GitHostDetector.recognisedHeaders()
                        + " and git.provider is not set, so its sender cannot be told.",
                "Post to /webhook/{" + String.join("|", GitHost.ids().split(", ")) + "} or set git.provider.");
    }
}
