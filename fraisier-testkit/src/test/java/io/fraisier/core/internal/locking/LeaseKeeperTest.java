package io.fraisier.core.internal.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.Sleeper;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest {
    private static final Target T = Target.of("my_api", "production");
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final ManualClock clock = ManualClock.atEpochOfTests();
    private final InMemoryStore store = new InMemoryStore();
    private final LockLease acquired =
            store.locks().tryAcquire(T, "host-a:1", 7, clock.instant(), LEASE).orElseThrow();

    private Instant storedExpiry() {
        return store.locks().find(T).orElseThrow().expiresAt();
    }

    @Test
    void renewIfDue_beforeAThirdOfTheLease_writesNothing() {
        LeaseKeeper keeper = new LeaseKeeper(store.locks(), clock, acquired, LEASE, Sleeper.SYSTEM);
        clock.advance(Duration.ofSeconds(19));

        keeper.renewIfDue();

        assertThat(storedExpiry()).isEqualTo(acquired.expiresAt());
    }

    @Test
    void renewIfDue_afterAThirdOfTheLease_extendsItFromNow() {
        LeaseKeeper keeper = new LeaseKeeper(store.locks(), clock, acquired, LEASE, Sleeper.SYSTEM);
        clock.advance(Duration.ofSeconds(20));

        keeper.renewIfDue();

        assertThat(storedExpiry()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(keeper.current().expiresAt()).isEqualTo(storedExpiry());
    }

    @Test
    void checkpoint_afterTheLockWasTakenOver_throwsLeaseLostAndStaysLost() {
        LeaseKeeper keeper = new LeaseKeeper(store.locks(), clock, acquired, LEASE, Sleeper.SYSTEM);
        store.locks().forceRelease(T);
        store.locks().tryAcquire(T, "host-b:2", 8, clock.instant(), LEASE);
        clock.advance(Duration.ofSeconds(30));

        assertThatThrownBy(keeper::checkpoint)
                .isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("my_api/production");
        assertThat(keeper.isLost()).isTrue();
        assertThat(store.locks().find(T).orElseThrow().holder()).isEqualTo("host-b:2");
    }

    @Test
    void renewIfDue_whileTheStoreCannotRenew_failsAsLongAsTheLeaseLasts_thenCountsItLostBeforeItEnds() {
        LeaseKeeper keeper = new LeaseKeeper(store.locks(), clock, acquired, LEASE, Sleeper.SYSTEM);
        store.down(true);

        clock.advance(Duration.ofSeconds(20));
        assertThatThrownBy(keeper::renewIfDue).isInstanceOf(FraisierException.class);
        clock.advance(Duration.ofSeconds(29)); // 49 s: more than the margin (10 s) left
        assertThatThrownBy(keeper::renewIfDue).isInstanceOf(FraisierException.class);
        assertThat(keeper.isLost()).isFalse();

        clock.advance(Duration.ofSeconds(1)); // 50 s: another process could take the lock 10 s from now
        keeper.renewIfDue();

        assertThat(keeper.isLost()).isTrue();
        store.down(false);
        assertThatThrownBy(keeper::checkpoint).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void backgroundRenewer_renewsOnEachTick_andStopsWhenClosed() throws Exception {
        Semaphore ticks = new Semaphore(0);
        Semaphore ticked = new Semaphore(0);
        Sleeper ticker = d -> {
            ticked.release();
            ticks.acquire();
        };
        LeaseKeeper keeper = new LeaseKeeper(store.locks(), clock, acquired, LEASE, ticker);
        keeper.start();
        assertThat(ticked.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

        clock.advance(Duration.ofSeconds(25));
        ticks.release();
        assertThat(ticked.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

        assertThat(storedExpiry()).isEqualTo(clock.instant().plus(LEASE));
        keeper.close();
        clock.advance(Duration.ofSeconds(25));
        keeper.renewIfDue();
        assertThat(storedExpiry())
                .isEqualTo(clock.instant().minus(Duration.ofSeconds(25)).plus(LEASE));
    }

    @Test
    void holder_parsesHostAndPid() {
        assertThat(Holder.parse("app1.example.com:4242").describe()).isEqualTo("host app1.example.com (pid 4242)");
        assertThat(Holder.parse("weird").describe()).isEqualTo("host weird");
    }
}
