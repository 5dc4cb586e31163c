package io.fraisier.core.config;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The {@code database:} block. {@code type} is {@code postgresql} (the default when the block is
 * present) or {@code sqlite}.
 *
 * @param type {@code postgresql} or {@code sqlite}
 * @param host postgresql host (default {@code localhost})
 * @param port postgresql port (default 5432)
 * @param name database name (default {@code fraisier})
 * @param user user name (may be null: the driver's default)
 * @param password password (may be null)
 * @param url a {@code postgresql://…} or {@code jdbc:postgresql://…} URL instead of the fields; a
 *     secret because it may carry a password
 * @param sslmode libpq-style sslmode (may be null)
 * @param poolSize maximum pool connections (default 10)
 * @param poolRecycle connection lifetime before it is replaced (default 3600 s)
 * @param path sqlite file (null: the embedded default path)
 */
public record DatabaseConfig(
        String type,
        String host,
        int port,
        String name,
        @Nullable String user,
        @Nullable Secret password,
        @Nullable Secret url,
        @Nullable String sslmode,
        int poolSize,
        Duration poolRecycle,
        @Nullable Path path) {
    public static final String POSTGRESQL = "postgresql";
    public static final String SQLITE = "sqlite";

    public boolean isPostgres() {
        return POSTGRESQL.equals(type);
    }
}
