package io.fraisier.persistence;

import io.fraisier.core.spi.FraisierStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the tests get databases: SQLite files, one embedded PostgreSQL 18 per JVM (started on first use,
 * stopped at exit), and the server named by {@code FRAISIER_TEST_PG_URL} when set. Every PostgreSQL
 * store gets a database of its own.
 */
final class TestDatabases {
    static final String EXTERNAL_VARIABLE = "FRAISIER_TEST_PG_URL";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<String, String> JVM_DATABASES = new HashMap<>();
    private static EmbeddedPostgres embedded;

    private TestDatabases() {}

    static FraisierStore sqlite(Path dir) {
        return open("sqlite:" + dir.resolve("fraisier-" + COUNTER.incrementAndGet() + ".db"));
    }

    static FraisierStore open(String url) {
        return new JooqStoreFactory().open(null, Map.of(DatabaseLocator.URL_VARIABLE, url));
    }

    /** The JDBC URL (with user) of a new empty schema on the embedded server. */
    static synchronized String embeddedDatabase() {
        return freshSchema(embeddedAdminUrl());
    }

    /**
     * A new empty schema in this JVM's test database on the server of {@code adminUrl} (created on first
     * use), as a URL whose {@code currentSchema} is that schema. Schemas are much cheaper than databases,
     * and every table, view and Flyway history of a store lives in its own.
     */
    static synchronized String freshSchema(String adminUrl) {
        String db = JVM_DATABASES.computeIfAbsent(adminUrl, TestDatabases::createDatabase);
        String schema = "s" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(db);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema with " + db, e);
        }
        return db + (db.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops this JVM's test database on the server of {@code adminUrl}, if one was made. */
    static synchronized void dropJvmDatabase(String adminUrl) {
        String db = JVM_DATABASES.remove(adminUrl);
        if (db != null) {
            dropDatabase(adminUrl, db);
        }
    }

    static synchronized String embeddedAdminUrl() {
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

    static String externalAdminUrl() {
        return System.getenv(EXTERNAL_VARIABLE);
    }

    static final String EXTERNAL_MISSING = EXTERNAL_VARIABLE
            + " is not set: these tests need a running PostgreSQL 15+ (e.g. apt-get install postgresql, then "
            + EXTERNAL_VARIABLE + "=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres)";

    /** Creates a database next to the one {@code adminUrl} names and returns its URL. */
    static String createDatabase(String adminUrl) {
        String name = "fraisier_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(adminUrl);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database with " + adminUrl, e);
        }
        return withDatabase(adminUrl, name);
    }

    static void dropDatabase(String adminUrl, String url) {
        String name = url.replaceFirst("^jdbc:postgresql://[^/]+/", "").replaceFirst("\\?.*$", "");
        try (Connection c = DriverManager.getConnection(adminUrl);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }

    static String withDatabase(String adminUrl, String name) {
        return adminUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }
}
