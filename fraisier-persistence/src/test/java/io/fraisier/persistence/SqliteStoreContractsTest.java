package io.fraisier.persistence;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.store.FraisierStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Every store contract against an SQLite file. */
class SqliteStoreContractsTest extends FraisierStoreContract {
    @TempDir
    Path dir;

    @Override
    protected FraisierStore newStore() {
        return TestStores.sqlite(dir);
    }
}
