package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Notification;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.db.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores on one database, as two processes (a CLI run and the daemon) open it, each with its own
 * connection pool, claim the outbox at the same time: every message goes to exactly one of them.
 */
class OutboxAcrossStoresIT {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final int MESSAGES = 24;

    @TempDir
    Path dir;

    @Test
    void sqlite_twoStoresOnOneFile_neverClaimTheSameMessage() throws Exception {
        String url = TestDatabases.sqliteUrl(dir);
        try (FraisierStore a = TestStores.open(url);
                FraisierStore b = TestStores.open(url)) {
            race(a, b);
        }
    }

    @Test
    void postgres_twoStoresOnOneDatabase_neverClaimTheSameMessage() throws Exception {
        String url = TestDatabases.embeddedSchema();
        try (FraisierStore a = TestStores.open(url);
                FraisierStore b = TestStores.open(url)) {
            race(a, b);
        }
    }

    private static void race(FraisierStore a, FraisierStore b) throws Exception {
        for (int i = 0; i < MESSAGES; i++) {
            Deployment d = a.deployments()
                    .create(
                            new NewDeployment(
                                    Target.of("svc" + i, "production"),
                                    "local",
                                    Trigger.CLI,
                                    "alice",
                                    null,
                                    null,
                                    null,
                                    null,
                                    false),
                            T0);
            a.deployments()
                    .transition(DeploymentUpdate.move(
                            d.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, T0));
            a.deployments()
                    .transition(
                            DeploymentUpdate.move(
                                    d.id(), DeploymentStatus.IN_PROGRESS, DeploymentStatus.SUCCESS, 0, T0),
                            row -> List.of(new Notification.New(
                                    "dlv-" + row.id(), row.id(), "ops", "webhook", "success", "{}", T0)));
        }
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                FraisierStore store = t % 2 == 0 ? a : b;
                String holder = "process-" + (t % 2) + "-thread-" + t;
                futures.add(pool.submit(() -> {
                    go.await();
                    while (true) {
                        List<Notification> batch =
                                store.outbox().claim(holder, T0.plusSeconds(1), Duration.ofSeconds(60), 1);
                        if (batch.isEmpty()) {
                            return null;
                        }
                        for (Notification n : batch) {
                            claimed.add(n.id());
                            assertThat(store.outbox().markDelivered(n.id(), holder, T0.plusSeconds(1)))
                                    .isTrue();
                        }
                    }
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claimed).hasSize(MESSAGES).doesNotHaveDuplicates();
        assertThat(b.outbox().list(Set.of(Notification.State.DELIVERED), 100)).hasSize(MESSAGES);
        assertThat(a.outbox().list(Set.of(Notification.State.PENDING), 100)).isEmpty();
    }
}
