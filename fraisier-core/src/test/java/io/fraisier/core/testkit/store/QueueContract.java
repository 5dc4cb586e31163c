package io.fraisier.core.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.DeploymentQueue;
import java.time.Duration;
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
}
