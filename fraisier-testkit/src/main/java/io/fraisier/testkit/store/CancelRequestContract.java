package io.fraisier.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.spi.DeploymentUpdate;
import org.junit.jupiter.api.Test;

/**
 * Cancel requests ({@code fraisier cancel}): recorded on pending and in-progress rows only, the first
 * one kept, read back as written, and they change nothing else on the row.
 */
public abstract class CancelRequestContract extends StoreContractSupport {
    private static final CancelRequest ALICE = new CancelRequest("alice@ops1", "wrong build", T0.plusSeconds(5));
    private static final CancelRequest BOB = new CancelRequest("bob@ops2", "me too", T0.plusSeconds(9));

    @Test
    void aRunningRowTakesARequest_readBackAsWritten_andTheRowIsOtherwiseUnchanged() {
        Deployment d = started(API_PROD, "local", T0);
        assertThat(store.deployments().cancelRequest(d.id())).isEmpty();

        assertThat(store.deployments().requestCancel(d.id(), ALICE)).isTrue();

        assertThat(store.deployments().cancelRequest(d.id())).contains(ALICE);
        assertThat(store.deployments().find(d.id())).contains(d);
    }

    @Test
    void aPendingRowTakesARequest() {
        Deployment d = pending(API_PROD, T0);

        assertThat(store.deployments().requestCancel(d.id(), ALICE)).isTrue();

        assertThat(store.deployments().cancelRequest(d.id())).contains(ALICE);
        assertThat(store.deployments().find(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.PENDING);
    }

    @Test
    void theFirstRequestIsKept() {
        Deployment d = started(API_PROD, "local", T0);
        store.deployments().requestCancel(d.id(), ALICE);

        assertThat(store.deployments().requestCancel(d.id(), BOB)).isTrue();

        assertThat(store.deployments().cancelRequest(d.id())).contains(ALICE);
    }

    @Test
    void aFinishedRowOrAnUnknownIdTakesNone() {
        Deployment d = started(API_PROD, "local", T0);
        store.deployments()
                .transition(DeploymentUpdate.move(
                        d.id(), DeploymentStatus.IN_PROGRESS, DeploymentStatus.SUCCESS, 0, T0.plusSeconds(1)));

        assertThat(store.deployments().requestCancel(d.id(), ALICE)).isFalse();
        assertThat(store.deployments().cancelRequest(d.id())).isEmpty();
        assertThat(store.deployments().requestCancel(d.id() + 1000, ALICE)).isFalse();
        assertThat(store.deployments().cancelRequest(d.id() + 1000)).isEmpty();
    }

    @Test
    void requestsAreKeptPerRow() {
        Deployment a = started(API_PROD, "local", T0);
        Deployment b = started(API_STAGING, "local", T0);

        store.deployments().requestCancel(a.id(), ALICE);

        assertThat(store.deployments().cancelRequest(b.id())).isEmpty();
    }
}
