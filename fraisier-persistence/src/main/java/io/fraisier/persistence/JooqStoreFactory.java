package io.fraisier.persistence;

import io.fraisier.core.config.DatabaseConfig;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.spi.StoreFactory;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link StoreFactory} of {@code fraisier-persistence} (registered for {@link java.util.ServiceLoader}):
 * PostgreSQL or SQLite through jOOQ, migrated with Flyway on open. Stateless; each {@link #open} makes
 * its own pool.
 */
public final class JooqStoreFactory implements StoreFactory {
    @Override
    public FraisierStore open(@Nullable DatabaseConfig database, Map<String, String> environment) {
        return open(new DatabaseLocator().locate(database, environment));
    }

    @Override
    public FraisierStore open(
            @Nullable DatabaseConfig database, Map<String, String> environment, boolean countMetrics) {
        return new JooqFraisierStore(Database.open(new DatabaseLocator().locate(database, environment)), countMetrics);
    }

    @Override
    public Optional<String> describe(@Nullable DatabaseConfig database, Map<String, String> environment) {
        DatabaseLocation location = new DatabaseLocator().locate(database, environment);
        return Optional.of(location.description() + " (from " + location.configKey() + ")");
    }

    static FraisierStore open(DatabaseLocation location) {
        return new JooqFraisierStore(Database.open(location));
    }
}
