package io.fraisier.persistence;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import java.nio.file.Path;
import java.util.Map;

/** Stores on the test kit's databases ({@link TestDatabases}), opened as the CLI and daemon open them. */
final class TestStores {
    private TestStores() {}

    static FraisierStore sqlite(Path dir) {
        return open(TestDatabases.sqliteUrl(dir));
    }

    static FraisierStore open(String url) {
        return new JooqStoreFactory().open(null, Map.of(DatabaseLocator.URL_VARIABLE, url));
    }
}
