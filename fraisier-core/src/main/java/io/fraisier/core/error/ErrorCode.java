package io.fraisier.core.error;

import java.util.Locale;

/**
 * Stable error categories. Each has an id (used in JSON output, problem documents, the database's
 * {@code error_type} and the {@code error_type} metric label), the CLI exit status and the HTTP status
 * the daemon answers with.
 */
public enum ErrorCode {
    INTERNAL(1, 500),
    USAGE(2, 400),
    UNKNOWN_TARGET(2, 404),
    NOT_FOUND(2, 404),
    CONFIG_NOT_FOUND(3, 500),
    CONFIG_INVALID(3, 500),
    SECRET_MISSING(3, 500),
    LOCK_TIMEOUT(4, 409),
    LOCK_HELD(4, 409),
    FENCED(4, 409),
    /** The target is frozen (a manual freeze or a declared window); see {@code fraisier unfreeze}. */
    FROZEN(4, 409),
    PROVIDER_UNREACHABLE(5, 502),
    PROVIDER_UNKNOWN(3, 500),
    DATABASE_UNAVAILABLE(5, 503),
    /** This host's clock disagrees with the database server's: leases would expire at different times. */
    CLOCK_SKEW(5, 503),
    DATABASE_SCHEMA_NEWER(1, 500),
    DEPLOYMENT_FAILED(6, 500),
    DEPLOYMENT_TIMEOUT(6, 504),
    HEALTH_CHECK_FAILED(6, 500),
    ROLLBACK_FAILED(7, 500),
    NOT_AVAILABLE(1, 501),
    INTERRUPTED(130, 503),
    /** An operator cancelled the deployment ({@code fraisier cancel}); exits like Ctrl-C. */
    CANCELLED(130, 409);

    private final int exitCode;
    private final int httpStatus;

    ErrorCode(int exitCode, int httpStatus) {
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    /** The stable id, e.g. {@code lock_timeout}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Exit status of the CLI for this error (see DESIGN.md "Errors and exit codes"). */
    public int exitCode() {
        return exitCode;
    }

    /** HTTP status of the daemon for this error. */
    public int httpStatus() {
        return httpStatus;
    }
}
