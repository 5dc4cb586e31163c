package io.fraisier.persistence;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import io.fraisier.testkit.store.FraisierStoreContract;

/** Every store contract against the embedded PostgreSQL 18, a fresh schema per test. */
class EmbeddedPostgresStoreContractsIT extends FraisierStoreContract {
    @Override
    protected FraisierStore newStore() {
        return TestStores.open(TestDatabases.embeddedSchema());
    }
}
