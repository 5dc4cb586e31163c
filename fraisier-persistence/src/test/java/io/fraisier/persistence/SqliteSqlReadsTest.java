package io.fraisier.persistence;

import io.fraisier.testkit.db.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqlReadsContract} on an SQLite file. */
class SqliteSqlReadsTest extends SqlReadsContract {
    @TempDir
    Path dir;

    private String url;

    @Override
    protected String url() {
        if (url == null) {
            url = TestDatabases.sqliteUrl(dir); // a new file name each call
        }
        return url;
    }
}
