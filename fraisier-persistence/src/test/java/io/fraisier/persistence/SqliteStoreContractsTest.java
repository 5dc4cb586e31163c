package io.fraisier.persistence;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.testkit.store.CancelRequestContract;
import io.fraisier.core.testkit.store.CountersContract;
import io.fraisier.core.testkit.store.DeploymentStoreContract;
import io.fraisier.core.testkit.store.LockStoreContract;
import io.fraisier.core.testkit.store.QueueContract;
import io.fraisier.core.testkit.store.WebhookEventStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** Every store contract against an SQLite file. */
class SqliteStoreContractsTest {
    @TempDir
    Path dir;

    FraisierStore newStore() {
        return TestDatabases.sqlite(dir);
    }

    @Nested
    class Locks extends LockStoreContract {
        @Override
        protected FraisierStore newStore() {
            return SqliteStoreContractsTest.this.newStore();
        }
    }

    @Nested
    class Deployments extends DeploymentStoreContract {
        @Override
        protected FraisierStore newStore() {
            return SqliteStoreContractsTest.this.newStore();
        }
    }

    @Nested
    class Queue extends QueueContract {
        @Override
        protected FraisierStore newStore() {
            return SqliteStoreContractsTest.this.newStore();
        }
    }

    @Nested
    class Webhooks extends WebhookEventStoreContract {
        @Override
        protected FraisierStore newStore() {
            return SqliteStoreContractsTest.this.newStore();
        }
    }

    @Nested
    class Counters extends CountersContract {
        @Override
        protected FraisierStore newStore() {
            return SqliteStoreContractsTest.this.newStore();
        }
    }

    @Nested
    class Freezes extends io.fraisier.core.testkit.store.FreezeStoreContract {
        @Override
        protected FraisierStore newStore() {
            return SqliteStoreContractsTest.this.newStore();
        }
    }

    @Nested
    class Prune extends io.fraisier.core.testkit.store.PruneContract {
        @Override
        protected FraisierStore newStore() {
            return SqliteStoreContractsTest.this.newStore();
        }
    }

    @Nested
    class CancelRequests extends CancelRequestContract {
        @Override
        protected FraisierStore newStore() {
            return SqliteStoreContractsTest.this.newStore();
        }
    }
}
