package io.fraisier.core.spi;

import io.fraisier.core.config.DatabaseConfig;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Opens the store that a configuration asks for; found with {@link java.util.ServiceLoader}
 * ({@code fraisier-persistence} provides it).
 */
public interface StoreFactory {
    /**
     * Opens (and migrates) the store: {@code FRAISIER_DATABASE_URL} in {@code environment} wins, then the
     * {@code database:} block, then the embedded SQLite file under {@code FRAISIER_HOME}.
     *
     * @param database the {@code database:} block or null
     * @param environment the process environment (injected for tests)
     * @throws io.fraisier.core.error.FraisierException {@code DATABASE_UNAVAILABLE} naming host:port and the
     *     config key, {@code DATABASE_SCHEMA_NEWER} when the database was migrated by a newer Fraisier
     */
    FraisierStore open(@Nullable DatabaseConfig database, Map<String, String> environment);

    /**
     * {@link #open(DatabaseConfig, Map)} for a process that records metrics or not ({@code metrics.enabled},
     * {@code FRAISIER_METRICS_ENABLED}): with {@code countMetrics} false, deployments that end through the
     * returned store are recorded in history as always but not added to the {@link MetricCounterStore}.
     * The default ignores the flag (a store without counters).
     */
    default FraisierStore open(
            @Nullable DatabaseConfig database, Map<String, String> environment, boolean countMetrics) {
        return open(database, environment);
    }

    /**
     * Which store {@link #open} would use, for humans ({@code sqlite /var/lib/fraisier/fraisier.db (from
     * FRAISIER_HOME)}), worked out without connecting or creating anything, so {@code fraisier --version -v}
     * answers while the database is down. Never contains a secret.
     *
     * @return empty when this factory cannot tell without opening
     * @throws io.fraisier.core.error.FraisierException {@code CONFIG_INVALID} for a setting it cannot use
     */
    default java.util.Optional<String> describe(@Nullable DatabaseConfig database, Map<String, String> environment) {
        return java.util.Optional.empty();
    }
}
