package io.fraisier.core.testkit.fake;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.testkit.store.CancelRequestContract;
import io.fraisier.core.testkit.store.CountersContract;
import io.fraisier.core.testkit.store.DeploymentStoreContract;
import io.fraisier.core.testkit.store.LockStoreContract;
import io.fraisier.core.testkit.store.QueueContract;
import io.fraisier.core.testkit.store.WebhookEventStoreContract;
import org.junit.jupiter.api.Nested;

/**
 * The fake store is held to the same contracts as the real ones, so that engine tests written against
 * it (and embedders' tests) see what PostgreSQL and SQLite would do.
 */
class InMemoryStoreContractsTest {

    @Nested
    class Locks extends LockStoreContract {
        @Override
        protected FraisierStore newStore() {
            return new InMemoryStore();
        }
    }

    @Nested
    class Deployments extends DeploymentStoreContract {
        @Override
        protected FraisierStore newStore() {
            return new InMemoryStore();
        }
    }

    @Nested
    class Queue extends QueueContract {
        @Override
        protected FraisierStore newStore() {
            return new InMemoryStore();
        }
    }

    @Nested
    class Webhooks extends WebhookEventStoreContract {
        @Override
        protected FraisierStore newStore() {
            return new InMemoryStore();
        }
    }

    @Nested
    class Freezes extends io.fraisier.core.testkit.store.FreezeStoreContract {
        @Override
        protected FraisierStore newStore() {
            return new InMemoryStore();
        }
    }

    @Nested
    class Prune extends io.fraisier.core.testkit.store.PruneContract {
        @Override
        protected FraisierStore newStore() {
            return new InMemoryStore();
        }
    }

    @Nested
    class Counters extends CountersContract {
        @Override
        protected FraisierStore newStore() {
            return new InMemoryStore();
        }
    }

    @Nested
    class CancelRequests extends CancelRequestContract {
        @Override
        protected FraisierStore newStore() {
            return new InMemoryStore();
        }
    }
}
