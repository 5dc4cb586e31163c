package io.fraisier.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's request that a {@code pending} or {@code in_progress} deployment stop
 * ({@code fraisier cancel}), as recorded on its row: the process running it sees the request at its
 * next lease renewal and ends the row {@code cancelled}.
 *
 * @param requestedBy who asked ({@code user@host})
 * @param reason why (never blank: "no reason given" when the operator gave none)
 * @param requestedAt when
 */
public record CancelRequest(String requestedBy, String reason, Instant requestedAt) {
    public CancelRequest {
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** "by alice@ops1: disk full on the target" */
    public String describe() {
        return "by " + requestedBy + ": " + reason;
    }
}
