package io.fraisier.cli.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stores every scenario runs on: the embedded SQLite default (under FRAISIER_HOME), one embedded
 * PostgreSQL per JVM, and the server named by {@code FRAISIER_TEST_PG_URL} when set. Each scenario gets a
 * store of its own: a fresh FRAISIER_HOME, or a fresh schema in this JVM's test database.
 */
enum Stores {
    SQLITE,
    POSTGRESQL,
    EXTERNAL_POSTGRESQL;

    static final String EXTERNAL_VARIABLE = "FRAISIER_TEST_PG_URL";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<String, String> JVM_DATABASES = new HashMap<>();
    private static EmbeddedPostgres embedded;

    /** The stores to test on here: the external server only when configured. */
    static List<Stores> available() {
        List<Stores> all = new ArrayList<>(List.of(SQLITE, POSTGRESQL));
        String external = System.getenv(EXTERNAL_VARIABLE);
        if (external != null && !external.isBlank()) {
            all.add(EXTERNAL_POSTGRESQL);
        }
        return all;
    }

    /**
     * One store per dialect for the long suites (kill -9 at every step, cancel, freeze): SQLite and one
     * PostgreSQL, the external server when configured, else the embedded one. The store contracts run
     * on every server; {@code -Dfraisier.it.allStores=true} runs these suites on all of them too.
     */
    static List<Stores> onePerDialect() {
        List<Stores> all = available();
        if (Boolean.getBoolean("fraisier.it.allStores") || !all.contains(EXTERNAL_POSTGRESQL)) {
            return all;
        }
        return List.of(SQLITE, EXTERNAL_POSTGRESQL);
    }

    /** The FRAISIER_* variables that point the CLI at a new empty store of this kind. */
    Map<String, String> environment(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("FRAISIER_HOME", dir.resolve("home").toString());
        switch (this) {
            case SQLITE -> {}
            case POSTGRESQL -> env.put("FRAISIER_DATABASE_URL", freshSchema(embeddedAdminUrl(), false));
            case EXTERNAL_POSTGRESQL ->
                env.put("FRAISIER_DATABASE_URL", freshSchema(System.getenv(EXTERNAL_VARIABLE), true));
        }
        return env;
    }

    /** A new schema in this JVM's database on that server; a shared server's is dropped at exit. */
    private static synchronized String freshSchema(String adminUrl, boolean dropAtExit) {
        String db = JVM_DATABASES.computeIfAbsent(adminUrl, admin -> {
            String name = "fraisier_it" + ProcessHandle.current().pid();
            execute(admin, "CREATE DATABASE " + name);
            if (dropAtExit) {
                Runtime.getRuntime()
                        .addShutdownHook(
                                new Thread(() -> execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
            }
            return admin.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
        });
        String schema = "s" + COUNTER.incrementAndGet();
        execute(db, "CREATE SCHEMA " + schema);
        return db + (db.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + " on the test server", e);
        }
    }

    private static synchronized String embeddedAdminUrl() {
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
}
