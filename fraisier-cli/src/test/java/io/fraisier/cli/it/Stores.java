package io.fraisier.cli.it;

import io.fraisier.testkit.db.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stores every scenario runs on: the embedded SQLite default (under FRAISIER_HOME), one embedded
 * PostgreSQL per JVM, and the server named by {@code FRAISIER_TEST_PG_URL} when set. Each scenario gets a
 * store of its own: a fresh FRAISIER_HOME, or a fresh schema in this JVM's test database
 * ({@link TestDatabases}; a shared server's is dropped at exit).
 */
enum Stores {
    SQLITE,
    POSTGRESQL,
    EXTERNAL_POSTGRESQL;

    static final String EXTERNAL_VARIABLE = TestDatabases.EXTERNAL_VARIABLE;

    /** The stores to test on here: the external server only when configured. */
    static List<Stores> available() {
        List<Stores> all = new ArrayList<>(List.of(SQLITE, POSTGRESQL));
        if (TestDatabases.externalAdminUrl() != null) {
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
            case POSTGRESQL -> env.put("FRAISIER_DATABASE_URL", TestDatabases.embeddedSchema());
            case EXTERNAL_POSTGRESQL ->
                env.put("FRAISIER_DATABASE_URL", TestDatabases.freshSchema(System.getenv(EXTERNAL_VARIABLE)));
        }
        return env;
    }
}
