package io.fraisier.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.model.PruneResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The prune contract: old finished rows and their events go; running rows and counters stay. */
public abstract class PruneContract extends StoreContractSupport {

    @Test
    void prune_removesFinishedRowsEndedBefore_keepsRunningRowsRecentRowsAndCounters() {
        Deployment old1 = finished(API_PROD, "local", DeploymentStatus.SUCCESS, T0, 5, "v1");
        Deployment old2 = finished(WORKER_PROD, "local", DeploymentStatus.FAILED, T0.plusSeconds(10), 5, "w1");
        store.events()
                .append(new DeploymentEvent(
                        old1.id(), T0.plusSeconds(1), "deploy", DeploymentEvent.Level.INFO, "step"));
        Deployment oldRunning = started(API_STAGING, "local", T0);
        Deployment oldPending = pending(API_PROD, T0);
        Deployment recent = finished(API_PROD, "local", DeploymentStatus.SUCCESS, T0.plusSeconds(100_000), 5, "v2");
        MetricSnapshot before = store.counters().snapshot();
        Instant cut = T0.plusSeconds(50_000);

        PruneResult dry = store.prune(cut, true);
        assertThat(dry.deployments()).isEqualTo(2);
        assertThat(store.deployments().find(old1.id())).isPresent();

        PruneResult done = store.prune(cut, false);

        assertThat(done.deployments()).isEqualTo(2);
        assertThat(done.events()).isEqualTo(dry.events()).isGreaterThanOrEqualTo(1);
        assertThat(store.deployments().find(old1.id())).isEmpty();
        assertThat(store.deployments().find(old2.id())).isEmpty();
        assertThat(store.events().list(old1.id())).isEmpty();
        assertThat(store.deployments().find(oldRunning.id())).isPresent();
        assertThat(store.deployments().find(oldPending.id())).isPresent();
        assertThat(store.deployments().find(recent.id())).isPresent();
        assertThat(store.counters().snapshot()).isEqualTo(before);
        assertThat(store.prune(cut, false)).isEqualTo(PruneResult.NONE);
    }
}
