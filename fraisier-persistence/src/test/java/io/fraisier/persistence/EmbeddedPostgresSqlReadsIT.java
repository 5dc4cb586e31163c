package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

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

    /**
     * A store that only read has no pool, only its plain connection: when PostgreSQL drops that (a restart,
     * an administrator), the next read reconnects as a pooled one would, instead of failing.
     */
    @Test
    void aReadOnlyStoreReconnectsWhenPostgresDropsItsConnection() throws Exception {
        HistoryQuery all = new HistoryQuery(null, null, null, null, 100);
        try (FraisierStore readOnly = TestStores.open(url())) {
            var before = readOnly.deployments().history(all);
            assertThat(before).hasSize(12);
            try (Connection admin = DriverManager.getConnection(url());
                    Statement s = admin.createStatement();
                    ResultSet killed = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE application_name = 'fraisier' AND pid <> pg_backend_pid()")) {
                killed.next();
                assertThat(killed.getInt(1)).as("connections terminated").isPositive();
            }
            Thread.sleep(Database.PLAIN_CHECK_AFTER.toMillis() + 100);
            assertThat(readOnly.deployments().history(all)).isEqualTo(before);
        }
    }
}
