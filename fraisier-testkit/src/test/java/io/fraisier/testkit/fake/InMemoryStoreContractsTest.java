package io.fraisier.testkit.fake;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.store.FraisierStoreContract;

/**
 * The fake store is held to the same contracts as the real ones, so that engine tests written against
 * it (and embedders' tests) see what PostgreSQL and SQLite would do.
 */
class InMemoryStoreContractsTest extends FraisierStoreContract {
    @Override
    protected FraisierStore newStore() {
        return new InMemoryStore();
    }
}
