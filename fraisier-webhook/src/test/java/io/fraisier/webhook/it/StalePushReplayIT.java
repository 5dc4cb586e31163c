package io.fraisier.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.webhook.it.DeploySite.Restart;
import io.fraisier.webhook.it.ItDatabases.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A signed push replayed under a new delivery id (GitHub signs only the body) must not move production
 * back: the real daemon, store and {@code local} provider, and a real git repository whose branch moved on.
 */
class StalePushReplayIT {
    private static final Set<DeploymentStatus> OPEN = Set.of(DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS);
    private static final Target TARGET = Target.of("app", "e0");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void oldPushReplayedWithANewDeliveryId_isSkippedAsStale_andTheNewerCommitKeepsRunning(Kind kind) throws Exception {
        DeploySite site = new DeploySite(dir).init(0.05);
        String a = site.commit();
        String url = ItDatabases.fresh(kind, dir);
        try (DaemonProcess daemon = DaemonProcess.start(site.config(1, 1), url, dir.resolve("daemon.log"));
                FraisierStore store = ItDatabases.open(url)) {
            assertThat(site.push(daemon.port(), 0, a).statusCode()).isEqualTo(202);
            awaitSettled(store, daemon, 1);
            String b = site.commit();
            assertThat(site.push(daemon.port(), 0, b).statusCode()).isEqualTo(202);
            awaitSettled(store, daemon, 2);
            assertThat(site.checkedOut(0)).isEqualTo(b);

            // the same signed body as A's push, under a delivery id never seen
            assertThat(site.push(daemon.port(), 0, a).statusCode()).isEqualTo(202);
            awaitSettled(store, daemon, 3);

            Deployment replay = deployments(store).stream()
                    .max(Comparator.comparingLong(Deployment::id))
                    .orElseThrow();
            assertThat(replay.status()).isEqualTo(DeploymentStatus.SKIPPED);
            assertThat(replay.requestedVersion().value()).isEqualTo(a);
            assertThat(replay.errorMessage()).startsWith("stale").contains("no longer the head of branch b0");
            assertThat(site.checkedOut(0)).isEqualTo(b);
            assertThat(site.restarts())
                    .filteredOn(Restart::start)
                    .extracting(Restart::sha)
                    .containsExactly(a, b);
            assertThat(store.states()
                            .find(TARGET)
                            .orElseThrow()
                            .currentVersion()
                            .value())
                    .isEqualTo(b);
        }
    }

    private static List<Deployment> deployments(FraisierStore store) {
        return store.deployments().history(new HistoryQuery("app", null, null, null, 100));
    }

    /** Waits until {@code count} deployments exist and none is pending or in progress, no lock held. */
    private static void awaitSettled(FraisierStore store, DaemonProcess daemon, int count) {
        await(
                count + " deployment(s) to finish",
                () -> deployments(store).size() == count
                        && deployments(store).stream().noneMatch(d -> OPEN.contains(d.status()))
                        && store.locks().list().isEmpty(),
                daemon);
    }

    private static void await(String what, BooleanSupplier condition, DaemonProcess daemon) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; daemon log:\n" + daemon.log());
            }
            DaemonProcess.pause(Duration.ofMillis(100));
        }
    }
}
