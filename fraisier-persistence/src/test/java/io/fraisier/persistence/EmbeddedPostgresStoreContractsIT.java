package io.fraisier.persistence;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.testkit.store.CancelRequestContract;
import io.fraisier.core.testkit.store.CountersContract;
import io.fraisier.core.testkit.store.DeploymentStoreContract;
import io.fraisier.core.testkit.store.LockStoreContract;
import io.fraisier.core.testkit.store.QueueContract;
import io.fraisier.core.testkit.store.WebhookEventStoreContract;
import org.junit.jupiter.api.Nested;

/** Every store contract against the embedded PostgreSQL 18, a fresh schema per test. */
class EmbeddedPostgresStoreContractsIT {
    FraisierStore newStore() {
        return TestDatabases.open(TestDatabases.embeddedDatabase());
    }

    @Nested
    class Locks extends LockStoreContract {
        @Override
        protected FraisierStore newStore() {
            return EmbeddedPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Deployments extends DeploymentStoreContract {
        @Override
        protected FraisierStore newStore() {
            return EmbeddedPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Queue extends QueueContract {
        @Override
        protected FraisierStore newStore() {
            return EmbeddedPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Webhooks extends WebhookEventStoreContract {
        @Override
        protected FraisierStore newStore() {
            return EmbeddedPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Counters extends CountersContract {
        @Override
        protected FraisierStore newStore() {
            return EmbeddedPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Freezes extends io.fraisier.core.testkit.store.FreezeStoreContract {
        @Override
        protected FraisierStore newStore() {
            return EmbeddedPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Prune extends io.fraisier.core.testkit.store.PruneContract {
        @Override
        protected FraisierStore newStore() {
            return EmbeddedPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class CancelRequests extends CancelRequestContract {
        @Override
        protected FraisierStore newStore() {
            return EmbeddedPostgresStoreContractsIT.this.newStore();
        }
    }
}
