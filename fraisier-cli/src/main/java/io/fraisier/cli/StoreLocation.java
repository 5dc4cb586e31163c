package io.fraisier.cli;

import io.fraisier.core.config.DatabaseConfig;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.StoreFactory;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Which store a command would use, described for {@code fraisier --version -v} by the store factory
 * itself ({@link StoreFactory#describe}), so the CLI and {@code open} never disagree and nothing is
 * opened. Never shows a password.
 */
final class StoreLocation {
    private final Map<String, String> environment;
    private final Supplier<@Nullable DatabaseConfig> database;
    private final Iterable<StoreFactory> factories;

    StoreLocation(FraisierCommand root) {
        this(
                root.environment(),
                () -> root.loadConfig().database(),
                root.services().load(StoreFactory.class));
    }

    StoreLocation(
            Map<String, String> environment,
            Supplier<@Nullable DatabaseConfig> database,
            Iterable<StoreFactory> factories) {
        this.environment = environment;
        this.database = database;
        this.factories = factories;
    }

    String describe() {
        DatabaseConfig block;
        String note = "";
        try {
            block = database.get();
        } catch (FraisierException e) {
            // the store still follows FRAISIER_DATABASE_URL or the embedded default; say why the block is unknown
            block = null;
            note = " (fraises.yaml not read: " + e.code().id() + ")";
        }
        for (StoreFactory factory : factories) {
            try {
                var description = factory.describe(block, environment);
                if (description.isPresent()) {
                    return description.get() + note;
                }
            } catch (FraisierException e) {
                return "unusable: " + e.getMessage();
            }
        }
        return "none: no store implementation on the class path (fraisier-persistence is missing)";
    }
}
