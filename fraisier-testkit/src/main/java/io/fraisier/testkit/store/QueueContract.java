package io.fraisier.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.DeploymentQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The durable queue contract: claims, target exclusion, superseding, depth, giving claims back. */
public abstract class QueueContract extends StoreContractSupport {

    private DeploymentQueue queue() {
        return store.queue();
    }

    @Test
    void claimNext_takesTheOldestPendingRow_onceOnly() {
        Deployment first = pending(API_PROD, T0);
        Deployment second = pending(WORKER_PROD, T0.plusSeconds(1));

        Deployment claimed = queue().claimNext("w1", T0.plusSeconds(2)).orElseThrow();

        assertThat(claimed.id()).isEqualTo(first.id());
        assertThat(claimed.status()).isEqualTo(DeploymentStatus.PENDING);
        assertThat(queue().claimNext("w2", T0.plusSeconds(2)))
                .map(Deployment::id)
                .contains(second.id());
        assertThat(queue().claimNext("w3", T0.plusSeconds(2))).isEmpty();
        assertThat(queue().depth()).isZero();
    }

    @Test
    void claimNext_skipsTargetsWithADeploymentInProgressOrClaimed() {
        started(API_PROD, "local", T0);
        Deployment waiting = pending(API_PROD, T0.plusSeconds(1));
        Deployment staging1 = pending(API_STAGING, T0.plusSeconds(2));
        Deployment staging2 = pending(API_STAGING, T0.plusSeconds(3));

        assertThat(queue().claimNext("w1", T0.plusSeconds(4)))
                .map(Deployment::id)
                .contains(staging1.id());
        assertThat(queue().claimNext("w2", T0.plusSeconds(4))).isEmpty();
        assertThat(queue().depth()).isEqualTo(2);
        assertThat(List.of(waiting.id(), staging2.id())).doesNotContainNull();
    }

    @Test
    void claimNext_skipsTargetsWithALiveLock_butNotAnExpiredOne() {
        Deployment d = pending(API_PROD, T0);
        store.locks()
                .tryAcquire(API_PROD, "other:1", 999, T0, Duration.ofSeconds(30))
                .orElseThrow();

        assertThat(queue().claimNext("w1", T0.plusSeconds(10))).isEmpty();
        assertThat(queue().claimNext("w1", T0.plusSeconds(30)))
                .map(Deployment::id)
                .contains(d.id());
    }

    @Test
    void supersedeOlder_marksOlderUnclaimedPendingRowsOfTheTarget() {
        Deployment claimed = pending(API_PROD, T0);
        queue().claimNext("w1", T0).orElseThrow();
        Deployment older = pending(API_PROD, T0.plusSeconds(1));
        Deployment otherTarget = pending(API_STAGING, T0.plusSeconds(2));
        Deployment newer = pending(API_PROD, T0.plusSeconds(3));

        List<Long> superseded = queue().supersedeOlder(API_PROD, newer.id(), T0.plusSeconds(4));

        assertThat(superseded).containsExactly(older.id());
        Deployment after = store.deployments().find(older.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(DeploymentStatus.SUPERSEDED);
        assertThat(after.completedAt()).isEqualTo(T0.plusSeconds(4));
        // what `fraisier history` shows in its ERROR column for the row
        assertThat(after.errorMessage()).isEqualTo("superseded by deployment " + newer.id());
        assertThat(store.deployments().find(claimed.id()).orElseThrow().status())
                .isEqualTo(DeploymentStatus.PENDING);
        assertThat(store.deployments().find(otherTarget.id()).orElseThrow().status())
                .isEqualTo(DeploymentStatus.PENDING);
        assertThat(store.deployments().find(newer.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.PENDING);
    }

    @Test
    void releaseClaims_givesBackTheClaimsOfOneWorker() {
        Deployment a = pending(API_PROD, T0);
        Deployment b = pending(WORKER_PROD, T0);
        queue().claimNext("w1", T0).orElseThrow();
        queue().claimNext("w2", T0).orElseThrow();

        assertThat(queue().releaseClaims("w1")).isEqualTo(1);
        assertThat(queue().depth()).isEqualTo(1);
        assertThat(queue().claimNext("w3", T0)).map(Deployment::id).contains(a.id());
        assertThat(b.id()).isNotEqualTo(a.id());
    }

    @Test
    void claimNext_afterTheClaimLease_takesBackTheRowOfADeadWorker() {
        Deployment d = pending(API_PROD, T0);
        queue().claimNext("dead:1/worker-1", T0).orElseThrow();
        Instant justBefore = T0.plus(DeploymentQueue.CLAIM_LEASE).minusSeconds(1);

        assertThat(queue().claimNext("live:2/worker-1", justBefore)).isEmpty();
        Deployment again = queue().claimNext("live:2/worker-1", T0.plus(DeploymentQueue.CLAIM_LEASE))
                .orElseThrow();

        assertThat(again.id()).isEqualTo(d.id());
        assertThat(queue().claimHolders()).containsExactly("live:2/worker-1");
        assertThat(queue().releaseClaims("dead:1/worker-1")).isZero();
    }

    @Test
    void claimNext_aStaleClaimNoLongerBlocksItsTarget_aLiveOneDoes() {
        pending(API_PROD, T0);
        queue().claimNext("dead:1/worker-1", T0).orElseThrow();
        Instant later = T0.plusSeconds(10);
        Deployment newer = pending(API_PROD, later);

        assertThat(queue().claimNext("w2", later)).isEmpty();
        assertThat(queue().supersedeOlder(API_PROD, newer.id(), later)).isEmpty();

        Instant stale = T0.plus(DeploymentQueue.CLAIM_LEASE).plusSeconds(1);
        assertThat(queue().supersedeOlder(API_PROD, newer.id(), stale)).hasSize(1);
        assertThat(queue().claimNext("w2", stale)).map(Deployment::id).contains(newer.id());
    }

    @Test
    void claimHolders_namesTheWorkersHoldingPendingClaims() {
        pending(API_PROD, T0);
        pending(WORKER_PROD, T0);
        pending(API_STAGING, T0);
        queue().claimNext("h:1/worker-1", T0).orElseThrow();
        queue().claimNext("h:1/worker-2", T0).orElseThrow();

        assertThat(queue().claimHolders()).containsExactly("h:1/worker-1", "h:1/worker-2");
        queue().releaseClaims("h:1/worker-1");
        assertThat(queue().claimHolders()).containsExactly("h:1/worker-2");
    }

    @Test
    void claimNext_racingWorkers_neverClaimARowTwice() throws Exception {
        int targets = 40;
        for (int i = 0; i < targets; i++) {
            pending(Target.of("svc" + i, "prod"), T0.plusMillis(i));
        }
        int workers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String worker = "w" + w;
                running.add(pool.submit(() -> {
                    start.await();
                    Optional<Deployment> next;
                    while ((next = queue().claimNext(worker, T0.plusSeconds(1))).isPresent()) {
                        claimed.add(next.get().id());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claimed).hasSize(targets).doesNotHaveDuplicates();
        assertThat(queue().depth()).isZero();
    }

    @Test
    void claimNext_racingWorkers_claimAtMostOneRowPerTarget() throws Exception {
        for (int round = 0; round < 20; round++) {
            Target target = Target.of("busy" + round, "prod");
            for (int i = 0; i < 4; i++) {
                pending(target, T0.plusMillis(i));
            }
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    String worker = "w" + w;
                    running.add(pool.submit(() -> {
                        start.await();
                        queue().claimNext(worker, T0.plusSeconds(1)).ifPresent(d -> claimed.add(d.id()));
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : running) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(claimed).as("round %d: claims of one target", round).hasSize(1);
            assertThat(queue().releaseClaims("w0")
                            + queue().releaseClaims("w1")
                            + queue().releaseClaims("w2")
                            + queue().releaseClaims("w3"))
                    .isEqualTo(1);
            // leave the target idle for the next round: nothing of it may be claimable twice later either
            queue().supersedeOlder(target, Long.MAX_VALUE, T0);
        }
    }
}
