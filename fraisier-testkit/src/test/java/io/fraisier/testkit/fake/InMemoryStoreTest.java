package io.fraisier.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.DeploymentUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryStoreTest {
    private static final Target T = Target.of("my_api", "production");
    private final InMemoryStore store = new InMemoryStore();
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private Deployment pending(Target target) {
        return store.deployments()
                .create(new NewDeployment(target, "local", Trigger.CLI, null, null, null, null, null, false), now);
    }

    private Deployment started(Target target, LockLease lease) {
        Deployment d = pending(target);
        return store.deployments()
                .transition(DeploymentUpdate.move(
                        d.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, lease.fencingToken(), now));
    }

    @Test
    void transition_withAStaleFencingToken_isRefused() {
        LockLease first = store.locks()
                .tryAcquire(T, "a:1", 1, now, Duration.ofSeconds(60))
                .orElseThrow();
        Deployment d = started(T, first);
        store.locks().forceRelease(T);
        store.locks().tryAcquire(T, "b:2", 2, now, Duration.ofSeconds(60));

        assertThatThrownBy(() -> store.deployments()
                        .transition(DeploymentUpdate.move(
                                d.id(),
                                DeploymentStatus.IN_PROGRESS,
                                DeploymentStatus.SUCCESS,
                                first.fencingToken(),
                                now)))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FENCED));
        assertThat(store.deployments().find(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
    }

    @Test
    void transition_fromAStatusTheRowNoLongerHas_isRefused() {
        Deployment d = pending(T);

        assertThatThrownBy(() -> store.deployments()
                        .transition(DeploymentUpdate.move(
                                d.id(), DeploymentStatus.IN_PROGRESS, DeploymentStatus.SUCCESS, 0, now)))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
    }

    @Test
    void terminalTransition_updatesStateAndCountersOnce() {
        LockLease lease = store.locks()
                .tryAcquire(T, "a:1", 1, now, Duration.ofSeconds(60))
                .orElseThrow();
        Deployment d = started(T, lease);
        Instant end = now.plusSeconds(42);
        store.deployments()
                .transition(new DeploymentUpdate(
                        d.id(),
                        DeploymentStatus.IN_PROGRESS,
                        DeploymentStatus.FAILED,
                        lease.fencingToken(),
                        end,
                        null,
                        Version.of("v2"),
                        null,
                        "health_check_failed",
                        "unhealthy",
                        null,
                        null));
        store.deployments()
                .transition(new DeploymentUpdate(
                        d.id(),
                        DeploymentStatus.FAILED,
                        DeploymentStatus.SUCCESS,
                        0,
                        end.plusSeconds(60),
                        null,
                        null,
                        Version.of("v2"),
                        null,
                        null,
                        "erin",
                        "fine"));

        Deployment row = store.deployments().find(d.id()).orElseThrow();
        assertThat(row.durationSeconds()).isEqualTo(42.0);
        assertThat(store.states().find(T).orElseThrow().currentVersion()).isEqualTo(Version.of("v2"));
        var snapshot = store.counters().snapshot();
        assertThat(snapshot.deployments()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo("failed");
            assertThat(c.count()).isEqualTo(1);
        });
        assertThat(snapshot.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.errorType()).isEqualTo("health_check_failed"));
        assertThat(snapshot.durations().getFirst().bucketCounts().get(3)).isEqualTo(0L);
        assertThat(snapshot.durations().getFirst().bucketCounts().get(4)).isEqualTo(1L);
    }

    @Test
    void tryAcquire_byRacingThreads_isWonByExactlyOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Optional<LockLease>>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long id = i;
                Callable<Optional<LockLease>> attempt = () -> {
                    go.await();
                    return store.locks().tryAcquire(T, "h:" + id, id, now, Duration.ofSeconds(60));
                };
                tries.add(pool.submit(attempt));
            }
            go.countDown();
            int winners = 0;
            for (Future<Optional<LockLease>> f : tries) {
                winners += f.get().isPresent() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tryAcquire_afterExpiry_reclaimsWithAGreaterToken() {
        LockLease first = store.locks()
                .tryAcquire(T, "a:1", 1, now, Duration.ofSeconds(10))
                .orElseThrow();

        Optional<LockLease> early = store.locks().tryAcquire(T, "b:2", 2, now.plusSeconds(9), Duration.ofSeconds(10));
        LockLease second = store.locks()
                .tryAcquire(T, "b:2", 2, now.plusSeconds(10), Duration.ofSeconds(10))
                .orElseThrow();

        assertThat(early).isEmpty();
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(store.locks().renew(first, now.plusSeconds(11), Duration.ofSeconds(10)))
                .isEmpty();
        assertThat(store.locks().release(first)).isFalse();
    }

    @Test
    void claimNext_givesEachPendingRowToOneWorker_andSkipsBusyTargets() {
        Target other = Target.of("worker", "production");
        pending(T);
        Deployment second = pending(other);
        store.locks().tryAcquire(T, "a:1", 99, now, Duration.ofSeconds(60));

        Optional<Deployment> claimed = store.queue().claimNext("w1", now);
        Optional<Deployment> none = store.queue().claimNext("w2", now);

        assertThat(claimed).get().extracting(Deployment::id).isEqualTo(second.id());
        assertThat(none).isEmpty();
        assertThat(store.queue().depth()).isEqualTo(1);
        assertThat(store.queue().releaseClaims("w1")).isEqualTo(1);
        assertThat(store.queue().depth()).isEqualTo(2);
    }

    @Test
    void supersedeOlder_marksOnlyOlderUnclaimedPendingRowsOfTheTarget() {
        Deployment a = pending(T);
        Deployment b = pending(T);
        Deployment c = pending(T);
        store.queue().claimNext("w1", now);

        List<Long> superseded = store.queue().supersedeOlder(T, c.id(), now);

        assertThat(superseded).containsExactly(b.id());
        assertThat(store.deployments().find(a.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.PENDING);
    }

    @Test
    void recordWebhook_twiceWithOneDeliveryId_storesItOnce() {
        WebhookEvent e = new WebhookEvent(
                0, now, "github", "push", "d-1", "main", "branch", "abc", "bob", "org/api", "{}", false, null,
                List.of());

        var first = store.webhooks().record(e);
        var again = store.webhooks().record(e);
        store.webhooks().markProcessed(first.event().id(), "deployed", List.of(5L));

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.event().id()).isEqualTo(first.event().id());
        assertThat(store.webhooks().recent(10)).singleElement().satisfies(w -> {
            assertThat(w.processed()).isTrue();
            assertThat(w.deploymentIds()).containsExactly(5L);
        });
    }

    @Test
    void down_makesEveryCallFailAsDatabaseUnavailable() {
        store.down(true);

        assertThatThrownBy(store::ping)
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE));
    }
}
