package io.fraisier.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Notification;
import io.fraisier.core.spi.DeploymentUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The notification outbox: messages written with a terminal status in one transaction, claimed by one
 * deliverer at a time (a lease), marked delivered, retried later or failed.
 */
public abstract class OutboxContract extends StoreContractSupport {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Set<Notification.State> ALL = EnumSet.allOf(Notification.State.class);

    private Notification.New message(Deployment d, String channel) {
        return new Notification.New(
                "dlv-" + d.id() + "-" + channel,
                d.id(),
                channel,
                "webhook",
                d.status().dbValue(),
                "{\"fraise\":\"" + d.target().fraise() + "\",\"status\":\""
                        + d.status().dbValue() + "\"}",
                d.completedAt() == null ? T0 : d.completedAt());
    }

    private Deployment endWithMessages(Deployment started, DeploymentStatus end, Instant at, String... channels) {
        return store.deployments()
                .transition(
                        DeploymentUpdate.move(started.id(), DeploymentStatus.IN_PROGRESS, end, 0, at),
                        d -> java.util.Arrays.stream(channels)
                                .map(c -> message(d, c))
                                .toList());
    }

    @Test
    void terminalTransition_writesItsMessages_builtFromTheUpdatedRow() {
        Deployment d = started(API_PROD, "local", T0);

        Deployment ended = endWithMessages(d, DeploymentStatus.FAILED, T0.plusSeconds(5), "ops", "chat");

        assertThat(ended.status()).isEqualTo(DeploymentStatus.FAILED);
        List<Notification> pending = store.outbox().list(Set.of(Notification.State.PENDING), 10);
        assertThat(pending).hasSize(2);
        assertThat(pending).extracting(Notification::channel).containsExactlyInAnyOrder("ops", "chat");
        Notification ops = pending.stream()
                .filter(n -> n.channel().equals("ops"))
                .findFirst()
                .orElseThrow();
        assertThat(ops.deploymentId()).isEqualTo(d.id());
        assertThat(ops.event()).isEqualTo("failed");
        assertThat(ops.body()).isEqualTo("{\"fraise\":\"my_api\",\"status\":\"failed\"}");
        assertThat(ops.deliveryId()).isEqualTo("dlv-" + d.id() + "-ops");
        assertThat(ops.attempts()).isZero();
        assertThat(ops.createdAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(ops.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(ops.lastError()).isNull();
        assertThat(ops.deliveredAt()).isNull();
    }

    @Test
    void crashRecovery_writesTheMessagesOfTheRowsItInterrupts() {
        Deployment orphan = started(API_PROD, "local", T0); // in progress, holding no lock: its process died

        List<Deployment> recovered = store.recoverInterrupted(
                T0.plusSeconds(120), "the process running it stopped", d -> List.of(message(d, "ops")));

        assertThat(recovered).extracting(Deployment::id).containsExactly(orphan.id());
        assertThat(store.outbox().list(Set.of(Notification.State.PENDING), 10))
                .singleElement()
                .satisfies(n -> {
                    assertThat(n.deploymentId()).isEqualTo(orphan.id());
                    assertThat(n.event()).isEqualTo("interrupted");
                    assertThat(n.body()).contains("\"status\":\"interrupted\"");
                });
    }

    @Test
    void refusedTransition_writesNoMessage() {
        Deployment d = started(API_PROD, "local", T0);
        endWithMessages(d, DeploymentStatus.SUCCESS, T0.plusSeconds(1), "ops");

        // the row is no longer in progress: the second end is refused, and announces nothing
        assertThatThrownBy(() -> endWithMessages(d, DeploymentStatus.FAILED, T0.plusSeconds(2), "ops"))
                .isInstanceOf(FraisierException.class);

        assertThat(store.outbox().list(ALL, 10)).hasSize(1);
        assertThat(store.deployments().find(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.SUCCESS);
    }

    @Test
    void claim_takesDueMessagesOnce_untilTheLeaseExpires() {
        Deployment d = started(API_PROD, "local", T0);
        endWithMessages(d, DeploymentStatus.SUCCESS, T0.plusSeconds(1), "ops");

        assertThat(store.outbox().claim("a", T0, LEASE, 10)).as("not due yet").isEmpty();
        List<Notification> first = store.outbox().claim("a", T0.plusSeconds(2), LEASE, 10);
        assertThat(first).hasSize(1);
        assertThat(store.outbox().claim("b", T0.plusSeconds(3), LEASE, 10))
                .as("held by a")
                .isEmpty();

        // a died holding it: after the lease, b takes it over and a can no longer record anything
        List<Notification> taken = store.outbox().claim("b", T0.plusSeconds(40), LEASE, 10);
        assertThat(taken)
                .extracting(Notification::id)
                .containsExactly(first.get(0).id());
        assertThat(store.outbox().markDelivered(first.get(0).id(), "a", T0.plusSeconds(41)))
                .isFalse();
        assertThat(store.outbox().markDelivered(first.get(0).id(), "b", T0.plusSeconds(41)))
                .isTrue();
    }

    @Test
    void delivered_isNeverClaimedAgain() {
        Deployment d = started(API_PROD, "local", T0);
        endWithMessages(d, DeploymentStatus.SUCCESS, T0.plusSeconds(1), "ops");
        Notification n = store.outbox().claim("a", T0.plusSeconds(2), LEASE, 10).get(0);

        assertThat(store.outbox().markDelivered(n.id(), "a", T0.plusSeconds(3))).isTrue();

        assertThat(store.outbox().claim("a", T0.plusSeconds(3600), LEASE, 10)).isEmpty();
        assertThat(store.outbox().markDelivered(n.id(), "a", T0.plusSeconds(4)))
                .as("already delivered")
                .isFalse();
        Notification stored =
                store.outbox().list(Set.of(Notification.State.DELIVERED), 10).get(0);
        assertThat(stored.state()).isEqualTo(Notification.State.DELIVERED);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.deliveredAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(store.outbox().list(Set.of(Notification.State.PENDING), 10)).isEmpty();
    }

    @Test
    void retry_waitsUntilItsTime_thenFailedStops() {
        Deployment d = started(API_PROD, "local", T0);
        endWithMessages(d, DeploymentStatus.FAILED, T0.plusSeconds(1), "ops");
        Notification n = store.outbox().claim("a", T0.plusSeconds(2), LEASE, 10).get(0);

        assertThat(store.outbox().markRetry(n.id(), "a", T0.plusSeconds(60), "HTTP 503 from ops.example.com"))
                .isTrue();

        assertThat(store.outbox().claim("b", T0.plusSeconds(59), LEASE, 10)).isEmpty();
        Notification again =
                store.outbox().claim("b", T0.plusSeconds(60), LEASE, 10).get(0);
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastError()).isEqualTo("HTTP 503 from ops.example.com");

        assertThat(store.outbox().markFailed(again.id(), "b", T0.plusSeconds(61), "HTTP 500"))
                .isTrue();
        assertThat(store.outbox().claim("b", T0.plusSeconds(3600), LEASE, 10)).isEmpty();
        Notification failed =
                store.outbox().list(Set.of(Notification.State.FAILED), 10).get(0);
        assertThat(failed.attempts()).isEqualTo(2);
        assertThat(failed.lastError()).isEqualTo("HTTP 500");
    }

    @Test
    void enqueue_writesPendingMessages_andListIsNewestFirst() {
        Deployment a = finished(API_PROD, "local", DeploymentStatus.SUCCESS, T0, 1, "v1");
        Deployment b = finished(WORKER_PROD, "local", DeploymentStatus.FAILED, T0.plusSeconds(10), 1, "v2");
        store.outbox().enqueue(List.of(message(a, "ops")));
        store.outbox().enqueue(List.of(message(b, "ops")));

        assertThat(store.outbox().list(ALL, 10))
                .extracting(Notification::deploymentId)
                .containsExactly(b.id(), a.id());
        assertThat(store.outbox().list(ALL, 1)).hasSize(1);
    }

    @Test
    void racingClaimers_eachMessageGoesToExactlyOne() throws Exception {
        for (int i = 0; i < 12; i++) {
            Deployment d = started(Target2.of(i), "local", T0);
            endWithMessages(d, DeploymentStatus.SUCCESS, T0.plusSeconds(1), "ops");
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String holder = "h" + t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int round = 0; round < 6; round++) {
                        for (Notification n : store.outbox().claim(holder, T0.plusSeconds(2), LEASE, 2)) {
                            claimed.add(n.id());
                            store.outbox().markDelivered(n.id(), holder, T0.plusSeconds(2));
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claimed).hasSize(12).doesNotHaveDuplicates();
        assertThat(store.outbox().list(Set.of(Notification.State.DELIVERED), 100))
                .hasSize(12);
    }

    /** Distinct targets, so that deployments do not wait for each other. */
    private static final class Target2 {
        static io.fraisier.core.model.Target of(int i) {
            return io.fraisier.core.model.Target.of("svc" + i, "production");
        }
    }
}
