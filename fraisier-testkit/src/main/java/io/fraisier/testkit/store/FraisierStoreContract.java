package io.fraisier.testkit.store;

import io.fraisier.core.spi.FraisierStore;
import org.junit.jupiter.api.Nested;

/**
 * Every store contract against one store: extend it, implement {@link #newStore()}, and each
 * sub-contract (deployments, locks, queue, webhook events, counters, freezes, prune, cancel requests)
 * runs as a nested class of that test. A new sub-contract added here runs for every store at once.
 */
public abstract class FraisierStoreContract {

    /** A new, empty, migrated store; each call must not see data of earlier ones. */
    protected abstract FraisierStore newStore();

    @Nested
    class Locks extends LockStoreContract {
        @Override
        protected FraisierStore newStore() {
            return FraisierStoreContract.this.newStore();
        }
    }

    @Nested
    class Deployments extends DeploymentStoreContract {
        @Override
        protected FraisierStore newStore() {
            return FraisierStoreContract.this.newStore();
        }
    }

    @Nested
    class Queue extends QueueContract {
        @Override
        protected FraisierStore newStore() {
            return FraisierStoreContract.this.newStore();
        }
    }

    @Nested
    class Webhooks extends WebhookEventStoreContract {
        @Override
        protected FraisierStore newStore() {
            return FraisierStoreContract.this.newStore();
        }
    }

    @Nested
    class Counters extends CountersContract {
        @Override
        protected FraisierStore newStore() {
            return FraisierStoreContract.this.newStore();
        }
    }

    @Nested
    class Freezes extends FreezeStoreContract {
        @Override
        protected FraisierStore newStore() {
            return FraisierStoreContract.this.newStore();
        }
    }

    @Nested
    class Prune extends PruneContract {
        @Override
        protected FraisierStore newStore() {
            return FraisierStoreContract.this.newStore();
        }
    }

    @Nested
    class CancelRequests extends CancelRequestContract {
        @Override
        protected FraisierStore newStore() {
            return FraisierStoreContract.this.newStore();
        }
    }

    @Nested
    class Outbox extends OutboxContract {
        @Override
        protected FraisierStore newStore() {
            return FraisierStoreContract.this.newStore();
        }
    }
}
