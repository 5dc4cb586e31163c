package io.fraisier.core.config;

import org.jspecify.annotations.Nullable;

/**
 * Which targets {@code fraisier status-all} lists. Null fields do not filter.
 *
 * <p>Immutable and thread-safe.
 *
 * @param environment only this environment name
 * @param fraiseType only fraises of this type ({@code api}, {@code etl}, …)
 */
public record StatusFilter(
        @Nullable String environment, @Nullable String fraiseType) {
    /** Every configured target. */
    public static final StatusFilter ALL = new StatusFilter(null, null);

    /** Whether {@code env} of {@code fraise} passes the filter. */
    public boolean accepts(FraiseConfig fraise, EnvironmentConfig env) {
        return (environment == null || environment.equals(env.target().environment()))
                && (fraiseType == null || fraiseType.equals(fraise.type()));
    }
}
