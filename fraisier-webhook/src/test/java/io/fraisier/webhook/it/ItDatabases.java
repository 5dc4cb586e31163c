package io.fraisier.webhook.it;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.persistence.JooqStoreFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Databases for the daemon's integration tests, as {@code FRAISIER_DATABASE_URL} values: an SQLite file,
 * or a new database on PostgreSQL — the server named by {@code FRAISIER_TEST_PG_URL} when set (dropped
 * at exit), else one embedded PostgreSQL per JVM.
 */
final class ItDatabases {
    static final String URL_VARIABLE = "FRAISIER_DATABASE_URL";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres embedded;

    private ItDatabases() {}

    enum Kind {
        SQLITE,
        POSTGRES
    }

    static String fresh(Kind kind, Path dir) {
        return switch (kind) {
            case SQLITE -> "sqlite:" + dir.resolve("fraisier.db");
            case POSTGRES -> freshPostgres();
        };
    }

    static FraisierStore open(String url) {
        return new JooqStoreFactory().open(null, Map.of(URL_VARIABLE, url));
    }

    private static synchronized String freshPostgres() {
        String admin = adminUrl();
        String name = "fraisier_it" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(admin);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database with " + admin, e);
        }
        if (embedded == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(admin, name)));
        }
        return admin.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }

    private static String adminUrl() {
        String external = System.getenv("FRAISIER_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
        }
        return "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres?user=postgres";
    }

    private static void drop(String admin, String name) {
        try (Connection c = DriverManager.getConnection(admin);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }
}
