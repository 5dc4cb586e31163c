package io.fraisier.core.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one exception Fraisier throws when it could not even try: bad config, unknown target, lock
 * timeout, unreachable provider or database. Expected outcomes of a deployment are values, not
 * exceptions. The message names the fraise, environment, provider, host or key involved; the hint
 * says what the operator can do. Neither ever contains a secret.
 */
public class FraisierException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final @Nullable String hint;

    public FraisierException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public FraisierException(ErrorCode code, String message, @Nullable String hint) {
        this(code, message, hint, null);
    }

    public FraisierException(ErrorCode code, String message, @Nullable String hint, @Nullable Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.hint = hint;
    }

    public ErrorCode code() {
        return code;
    }

    /** What the operator can do about it, or null. */
    public @Nullable String hint() {
        return hint;
    }
}
