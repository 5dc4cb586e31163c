package io.fraisier.persistence;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.testkit.store.CancelRequestContract;
import io.fraisier.core.testkit.store.CountersContract;
import io.fraisier.core.testkit.store.DeploymentStoreContract;
import io.fraisier.core.testkit.store.LockStoreContract;
import io.fraisier.core.testkit.store.QueueContract;
import io.fraisier.core.testkit.store.WebhookEventStoreContract;
import org.junit.jupiter.api.Nested;

/**
 * Every store contract against the PostgreSQL server of {@code FRAISIER_TEST_PG_URL} (CI: the machine's
 * PostgreSQL 15), a fresh schema per test in a database dropped when the JVM exits. Skipped, saying why, when it is unset.
 */
class ExternalPostgresStoreContractsIT {
    FraisierStore newStore() {
        // per test, so that every contract test is reported as skipped with the reason
        assumeTrue(TestDatabases.externalAdminUrl() != null, TestDatabases.EXTERNAL_MISSING);
        return TestDatabases.open(TestDatabases.freshSchema(TestDatabases.externalAdminUrl()));
    }

    @Nested
    class Locks extends LockStoreContract {
        @Override
        protected FraisierStore newStore() {
            return ExternalPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Deployments extends DeploymentStoreContract {
        @Override
        protected FraisierStore newStore() {
            return ExternalPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Queue extends QueueContract {
        @Override
        protected FraisierStore newStore() {
            return ExternalPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Webhooks extends WebhookEventStoreContract {
        @Override
        protected FraisierStore newStore() {
            return ExternalPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Counters extends CountersContract {
        @Override
        protected FraisierStore newStore() {
            return ExternalPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Freezes extends io.fraisier.core.testkit.store.FreezeStoreContract {
        @Override
        protected FraisierStore newStore() {
            return ExternalPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class Prune extends io.fraisier.core.testkit.store.PruneContract {
        @Override
        protected FraisierStore newStore() {
            return ExternalPostgresStoreContractsIT.this.newStore();
        }
    }

    @Nested
    class CancelRequests extends CancelRequestContract {
        @Override
        protected FraisierStore newStore() {
            return ExternalPostgresStoreContractsIT.this.newStore();
        }
    }
}
