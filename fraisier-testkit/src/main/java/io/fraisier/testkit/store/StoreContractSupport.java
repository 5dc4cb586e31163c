package io.fraisier.testkit.store;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.FraisierStore;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every store contract shares: a fresh, empty {@link FraisierStore} per test from
 * {@link #newStore()}, closed after it, and short ways to write deployments. Times are whole
 * milliseconds (the precision every store keeps).
 */
public abstract class StoreContractSupport {
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    protected static final Target API_PROD = Target.of("my_api", "production");
    protected static final Target API_STAGING = Target.of("my_api", "staging");
    protected static final Target WORKER_PROD = Target.of("worker", "production");

    protected FraisierStore store;

    /** A new, empty, migrated store; each call must not see data of earlier ones. */
    protected abstract FraisierStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected Deployment pending(Target target, Instant at) {
        return pending(target, "local", at);
    }

    protected Deployment pending(Target target, String provider, Instant at) {
        return store.deployments()
                .create(new NewDeployment(target, provider, Trigger.CLI, "alice", null, "main", null, null, false), at);
    }

    protected Deployment started(Target target, String provider, Instant at) {
        Deployment d = pending(target, provider, at);
        return store.deployments()
                .transition(
                        DeploymentUpdate.move(d.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, at));
    }

    /** Runs a deployment from pending to {@code end}, taking {@code seconds}. */
    protected Deployment finished(
            Target target, String provider, DeploymentStatus end, Instant startedAt, long seconds, String version) {
        Deployment d = started(target, provider, startedAt);
        return finish(d, end, startedAt.plusSeconds(seconds), version, null);
    }

    protected Deployment finish(Deployment d, DeploymentStatus end, Instant at, String version, String errorType) {
        return store.deployments()
                .transition(new DeploymentUpdate(
                        d.id(),
                        d.status(),
                        end,
                        0,
                        at,
                        null,
                        Version.of(version),
                        end == DeploymentStatus.SUCCESS ? Version.of(version) : null,
                        errorType,
                        errorType == null ? null : "it broke",
                        null,
                        null));
    }
}
