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
     * @throws io.fraisier.core.api.FraisierException {@code DATABASE_UNAVAILABLE} naming host:port and the
     *     config key, {@code DATABASE_SCHEMA_NEWER} when the database was migrated by a newer Fraisier
     */
    FraisierStore open(@Nullable DatabaseConfig database, Map<String, String> environment);
}
