package io.fraisier.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.LockStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The {@link LockStore} contract: atomic leases, reclaiming, fencing tokens that only grow. */
public abstract class LockStoreContract extends StoreContractSupport {
    private static final Duration LEASE = Duration.ofSeconds(30);

    private LockStore locks() {
        return store.locks();
    }

    @Test
    void tryAcquire_whenFree_grantsALeaseWithAPositiveToken() {
        LockLease lease =
                locks().tryAcquire(API_PROD, "host1:100", 7, T0, LEASE).orElseThrow();

        assertThat(lease.holder()).isEqualTo("host1:100");
        assertThat(lease.deploymentId()).isEqualTo(7);
        assertThat(lease.acquiredAt()).isEqualTo(T0);
        assertThat(lease.expiresAt()).isEqualTo(T0.plus(LEASE));
        assertThat(lease.fencingToken()).isPositive();
        assertThat(locks().find(API_PROD)).contains(lease);
    }

    @Test
    void tryAcquire_whenALiveLeaseIsHeld_isRefused_andOtherTargetsStayFree() {
        locks().tryAcquire(API_PROD, "host1:100", 7, T0, LEASE).orElseThrow();

        assertThat(locks().tryAcquire(API_PROD, "host2:200", 8, T0.plusSeconds(29), LEASE))
                .isEmpty();
        assertThat(locks().tryAcquire(API_STAGING, "host2:200", 8, T0, LEASE)).isPresent();
        assertThat(locks().find(API_PROD).orElseThrow().holder()).isEqualTo("host1:100");
    }

    @Test
    void tryAcquire_whenTheLeaseExpired_reclaimsItWithALargerToken() {
        LockLease first =
                locks().tryAcquire(API_PROD, "host1:100", 7, T0, LEASE).orElseThrow();

        LockLease second = locks().tryAcquire(API_PROD, "host2:200", 8, T0.plus(LEASE), LEASE)
                .orElseThrow();

        assertThat(second.holder()).isEqualTo("host2:200");
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(locks().renew(first, T0.plus(LEASE), LEASE)).isEmpty();
        assertThat(locks().release(first)).isFalse();
        assertThat(locks().find(API_PROD)).contains(second);
    }

    @Test
    void release_byTheHolder_freesTheTarget_andTokensKeepGrowingAfterwards() {
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LockLease lease =
                    locks().tryAcquire(API_PROD, "host1:100", i, T0, LEASE).orElseThrow();
            tokens.add(lease.fencingToken());
            assertThat(locks().release(lease)).isTrue();
            assertThat(locks().find(API_PROD)).isEmpty();
        }
        assertThat(tokens).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void release_byANonHolder_isRefused() {
        LockLease lease =
                locks().tryAcquire(API_PROD, "host1:100", 7, T0, LEASE).orElseThrow();
        LockLease forged = new LockLease(API_PROD, "host2:200", 7, T0, lease.expiresAt(), lease.fencingToken());
        LockLease oldToken = new LockLease(API_PROD, "host1:100", 7, T0, lease.expiresAt(), lease.fencingToken() - 1);

        assertThat(locks().release(forged)).isFalse();
        assertThat(locks().release(oldToken)).isFalse();
        assertThat(locks().find(API_PROD)).contains(lease);
    }

    @Test
    void renew_byTheHolder_extendsTheLease() {
        LockLease lease =
                locks().tryAcquire(API_PROD, "host1:100", 7, T0, LEASE).orElseThrow();

        LockLease renewed = locks().renew(lease, T0.plusSeconds(20), LEASE).orElseThrow();

        assertThat(renewed.expiresAt()).isEqualTo(T0.plusSeconds(50));
        assertThat(renewed.fencingToken()).isEqualTo(lease.fencingToken());
        assertThat(locks().tryAcquire(API_PROD, "host2:200", 8, T0.plusSeconds(40), LEASE))
                .isEmpty();
        LockLease intruder = new LockLease(API_PROD, "host2:200", 8, T0, T0, lease.fencingToken());
        assertThat(locks().renew(intruder, T0.plusSeconds(20), LEASE)).isEmpty();
    }

    @Test
    void forceRelease_removesTheLockWhoeverHoldsIt() {
        LockLease lease =
                locks().tryAcquire(API_PROD, "host1:100", 7, T0, LEASE).orElseThrow();

        assertThat(locks().forceRelease(API_PROD)).contains(lease);
        assertThat(locks().forceRelease(API_PROD)).isEmpty();
        assertThat(locks().release(lease)).isFalse();
        LockLease next = locks().tryAcquire(API_PROD, "host2:200", 8, T0, LEASE).orElseThrow();
        assertThat(next.fencingToken()).isGreaterThan(lease.fencingToken());
    }

    @Test
    void list_showsEveryHeldLock_oldestFirst() {
        locks().tryAcquire(WORKER_PROD, "h:1", 1, T0.plusSeconds(5), LEASE).orElseThrow();
        locks().tryAcquire(API_PROD, "h:2", 2, T0, LEASE).orElseThrow();

        assertThat(locks().list()).extracting(LockLease::target).containsExactly(API_PROD, WORKER_PROD);
    }

    @Test
    void transition_carryingAStaleHoldersToken_isFenced() {
        Deployment first = pending(API_PROD, T0);
        LockLease stale =
                locks().tryAcquire(API_PROD, "host1:100", first.id(), T0, LEASE).orElseThrow();
        store.deployments()
                .transition(DeploymentUpdate.move(
                        first.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, stale.fencingToken(), T0));
        // host1 stalls past its lease; host2 takes the target over
        Deployment second = pending(API_PROD, T0.plusSeconds(31));
        LockLease fresh = locks().tryAcquire(API_PROD, "host2:200", second.id(), T0.plusSeconds(31), LEASE)
                .orElseThrow();

        assertThatThrownBy(() -> store.deployments()
                        .transition(DeploymentUpdate.move(
                                first.id(),
                                DeploymentStatus.IN_PROGRESS,
                                DeploymentStatus.SUCCESS,
                                stale.fencingToken(),
                                T0.plusSeconds(40))))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FENCED));
        assertThat(store.deployments().find(first.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(store.states().find(API_PROD)).isEmpty();
        Deployment ok = store.deployments()
                .transition(DeploymentUpdate.move(
                        second.id(),
                        DeploymentStatus.PENDING,
                        DeploymentStatus.IN_PROGRESS,
                        fresh.fencingToken(),
                        T0.plusSeconds(32)));
        assertThat(ok.fencingToken()).isEqualTo(fresh.fencingToken());
    }

    @Test
    void tryAcquire_twoThreadsRacing_exactlyOneWins_1000TimesInARow() throws Exception {
        int rounds = 1000;
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Boolean>>> racers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                String holder = "racer:" + r;
                racers.add(pool.submit(() -> {
                    List<Boolean> wins = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        barrier.await();
                        Optional<LockLease> got =
                                locks().tryAcquire(Target.of("race" + i, "env"), holder, i, T0, LEASE);
                        wins.add(got.isPresent());
                    }
                    return wins;
                }));
            }
            List<Boolean> a = racers.get(0).get();
            List<Boolean> b = racers.get(1).get();
            for (int i = 0; i < rounds; i++) {
                assertThat(a.get(i) ^ b.get(i))
                        .as("round %d: exactly one winner", i)
                        .isTrue();
            }
            assertThat(locks().list()).hasSize(rounds);
        } finally {
            pool.shutdownNow();
        }
    }
}
