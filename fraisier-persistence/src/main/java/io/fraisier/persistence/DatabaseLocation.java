package io.fraisier.persistence;

import io.fraisier.core.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the store lives and how to connect, resolved from {@code FRAISIER_DATABASE_URL}, the
 * {@code database:} block or the embedded default by {@link DatabaseLocator}.
 *
 * @param sqlite true for an SQLite file, false for PostgreSQL
 * @param jdbcUrl the JDBC URL; for PostgreSQL it may carry driver properties but the description never
 *     shows it
 * @param user the user, or null (driver default or part of the URL)
 * @param password the password, or null
 * @param properties extra driver properties ({@code sslmode})
 * @param poolSize maximum pool connections
 * @param maxLifetime connection lifetime before the pool replaces it
 * @param description for humans, never a secret ({@code postgresql db.example.com:5432/fraisier})
 * @param configKey where the setting came from, for error messages ({@code FRAISIER_DATABASE_URL},
 *     {@code database.host}, {@code database.path}, {@code FRAISIER_HOME})
 * @param hostPort {@code host:port} for PostgreSQL, null for SQLite
 * @param path the SQLite file, null for PostgreSQL
 */
record DatabaseLocation(
        boolean sqlite,
        String jdbcUrl,
        @Nullable String user,
        @Nullable Secret password,
        Map<String, String> properties,
        int poolSize,
        Duration maxLifetime,
        String description,
        String configKey,
        @Nullable String hostPort,
        @Nullable Path path) {
    DatabaseLocation {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        properties = Map.copyOf(properties);
    }

    static DatabaseLocation sqlite(Path file, String configKey) {
        Path abs = file.toAbsolutePath().normalize();
        return new DatabaseLocation(
                true,
                "jdbc:sqlite:" + abs,
                null,
                null,
                Map.of(),
                4,
                Duration.ofMinutes(30),
                "sqlite " + abs,
                configKey,
                null,
                abs);
    }
}
