package io.fraisier.core.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A filter over deployments, newest first ({@code fraisier history}). Null fields do not filter.
 *
 * @param fraise only this fraise
 * @param environment only this environment
 * @param status only this status
 * @param since only deployments created at or after this instant
 * @param limit at most this many rows (1 or more)
 */
public record HistoryQuery(
        @Nullable String fraise,
        @Nullable String environment,
        @Nullable DeploymentStatus status,
        @Nullable Instant since,
        int limit) {
    public HistoryQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
        }
    }

    public static HistoryQuery latest(int limit) {
        return new HistoryQuery(null, null, null, null, limit);
    }
}
