package io.fraisier.webhook.it;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.persistence.JooqStoreFactory;
import io.fraisier.testkit.db.TestDatabases;
import java.nio.file.Path;
import java.util.Map;

/**
 * Databases for the daemon's integration tests, as {@code FRAISIER_DATABASE_URL} values: an SQLite file,
 * or a new schema on PostgreSQL — the server named by {@code FRAISIER_TEST_PG_URL} when set (its test
 * database dropped at exit), else one embedded PostgreSQL per JVM ({@link TestDatabases}).
 */
final class ItDatabases {
    static final String URL_VARIABLE = "FRAISIER_DATABASE_URL";

    private ItDatabases() {}

    enum Kind {
        SQLITE,
        POSTGRES
    }

    static String fresh(Kind kind, Path dir) {
        return switch (kind) {
            case SQLITE -> "sqlite:" + dir.resolve("fraisier.db");
            case POSTGRES -> TestDatabases.postgresSchema();
        };
    }

    static FraisierStore open(String url) {
        return new JooqStoreFactory().open(null, Map.of(URL_VARIABLE, url));
    }
}
