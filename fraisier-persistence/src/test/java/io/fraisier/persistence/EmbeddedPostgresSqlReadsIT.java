package io.fraisier.persistence;

import io.fraisier.testkit.db.TestDatabases;

/** {@link SqlReadsContract} on the embedded PostgreSQL, a fresh schema per test. */
class EmbeddedPostgresSqlReadsIT extends SqlReadsContract {
    private String url;

    @Override
    protected String url() {
        if (url == null) {
            url = TestDatabases.embeddedSchema();
        }
        return url;
    }
}
