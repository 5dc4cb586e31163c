package io.fraisier.persistence;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import io.fraisier.testkit.store.FraisierStoreContract;

/**
 * Every store contract against the PostgreSQL server of {@code FRAISIER_TEST_PG_URL} (CI: the machine's
 * PostgreSQL 15), a fresh schema per test in a database dropped when the JVM exits. Skipped, saying why, when it is unset.
 */
class ExternalPostgresStoreContractsIT extends FraisierStoreContract {
    @Override
    protected FraisierStore newStore() {
        // per test, so that every contract test is reported as skipped with the reason
        String admin = TestDatabases.externalAdminUrl();
        assumeTrue(admin != null, TestDatabases.EXTERNAL_MISSING);
        return TestStores.open(TestDatabases.freshSchema(admin));
    }
}
