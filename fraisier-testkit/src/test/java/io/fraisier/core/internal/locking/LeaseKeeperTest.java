package io.fraisier.core.internal.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.LockStore;
import io.fraisier.core.spi.Sleeper;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest {
    private static final Target T = Target.of("my_api", "production");
    private static final Target T2 = Target.of("my_api", "staging");
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
    void renewIfDue_whenTheStoreDoesNotAnswer_returnsAfterItsWait_andCountsTheLeaseLostBeforeItEnds() throws Exception {
        // a database that stops answering (a black-holed network): the store call hangs, not fails
        Duration lease = Duration.ofSeconds(6); // renewal due after 2 s, margin 1 s, a caller waits 0.5 s
        LockLease held = store.locks()
                .tryAcquire(T2, "host-a:1", 9, clock.instant(), lease)
                .orElseThrow();
        CountDownLatch answer = new CountDownLatch(1);
        LockStore silent = (LockStore) Proxy.newProxyInstance(
                LockStore.class.getClassLoader(), new Class<?>[] {LockStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("renew")) {
                        answer.await();
                    }
                    try {
                        return method.invoke(store.locks(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        LeaseKeeper keeper = new LeaseKeeper(silent, clock, held, lease, Sleeper.SYSTEM);

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            clock.advance(Duration.ofSeconds(2));
            assertThatThrownBy(keeper::renewIfDue)
                    .isInstanceOfSatisfying(
                            FraisierException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE))
                    .hasMessageContaining("has not answered");
            assertThat(keeper.isLost()).isFalse();

            clock.advance(Duration.ofSeconds(3)); // 5 s: 1 s from its end, the renewal still unanswered
            assertThatThrownBy(keeper::checkpoint).isInstanceOf(LeaseLostException.class);
        });
        assertThat(keeper.isLost()).isTrue();

        // the answer that comes late changes nothing: the keeper stays lost
        answer.countDown();
        clock.advance(Duration.ofSeconds(2));
        keeper.renewIfDue();
        assertThat(keeper.isLost()).isTrue();
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
