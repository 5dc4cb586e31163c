package io.fraisier.webhook.host;

import java.util.Objects;

/**
 * The verdict on a request's signature. The reason says what was wrong with the request (a header
 * missing, no secret matched) and never contains a secret or an expected signature.
 *
 * @param valid whether the request is authentic
 * @param reason why it was rejected, or {@code "ok"}
 */
public record Verification(boolean valid, String reason) {
    public Verification {
        Objects.requireNonNull(reason, "reason");
    }

    public static Verification ok() {
        return new Verification(true, "ok");
    }

    public static Verification rejected(String reason) {
        return new Verification(false, reason);
    }
}
