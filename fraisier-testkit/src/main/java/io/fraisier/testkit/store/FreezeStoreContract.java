package io.fraisier.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Freeze;
import org.junit.jupiter.api.Test;

/** The manual freeze contract: one per target, replaced by a newer one, removed by unfreeze. */
public abstract class FreezeStoreContract extends StoreContractSupport {

    @Test
    void put_thenFind_returnsTheFreezeAsStored_withOrWithoutAnEnd() {
        Freeze timed = new Freeze(API_PROD, null, "alice@ops1", "incident 42", T0, T0.plusSeconds(7200));
        Freeze pause = new Freeze(WORKER_PROD, null, "bob@ops2", "migration", T0, null);

        store.freezes().put(timed);
        store.freezes().put(pause);

        assertThat(store.freezes().find(API_PROD)).contains(timed);
        assertThat(store.freezes().find(WORKER_PROD)).contains(pause);
        assertThat(store.freezes().find(API_STAGING)).isEmpty();
        assertThat(store.freezes().list()).containsExactly(timed, pause);
    }

    @Test
    void put_onAFrozenTarget_replacesItsFreeze() {
        store.freezes().put(new Freeze(API_PROD, null, "alice@ops1", "first", T0, T0.plusSeconds(60)));
        Freeze second = new Freeze(API_PROD, null, "bob@ops2", "second", T0.plusSeconds(10), null);

        store.freezes().put(second);

        assertThat(store.freezes().list()).containsExactly(second);
    }

    @Test
    void remove_returnsTheRemovedFreeze_andEmptyWhenThereWasNone() {
        Freeze f = new Freeze(API_PROD, null, "alice@ops1", "incident", T0, null);
        store.freezes().put(f);

        assertThat(store.freezes().remove(API_PROD)).contains(f);
        assertThat(store.freezes().remove(API_PROD)).isEmpty();
        assertThat(store.freezes().list()).isEmpty();
    }
}
