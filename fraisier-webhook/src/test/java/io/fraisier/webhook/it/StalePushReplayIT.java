package io.fraisier.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.webhook.it.DeploySite.Restart;
import io.fraisier.webhook.it.ItDatabases.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
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
 * back: the real daemon and store, with the real {@code local} provider and a git repository whose branch
 * moved on, and with a provider that cannot tell heads or ancestry ({@link ImageProviderFactory}).
 */
class StalePushReplayIT {
    private static final Set<DeploymentStatus> OPEN = Set.of(DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS);
    private static final Target TARGET = Target.of("app", "e0");
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);

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

    /**
     * The same replay to a target whose provider cannot tell branch heads or commit ancestry (it stands for
     * {@code docker}, {@code docker_compose} and {@code coolify}, which keep the SPI defaults): the
     * target's deployment history shows it moved on from A, so the replay is skipped as stale. A replay of
     * B's push, the latest, is skipped as up to date.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void oldPushReplayed_toAProviderThatCannotTellAncestry_isSkippedAsStaleByTheHistory(Kind kind) throws Exception {
        DeploySite site = new DeploySite(dir);
        Path state = dir.resolve("image-state");
        String url = ItDatabases.fresh(kind, dir);
        try (DaemonProcess daemon = imageDaemon(state, url);
                FraisierStore store = ItDatabases.open(url)) {
            assertThat(site.push(daemon.port(), 0, A).statusCode()).isEqualTo(202);
            awaitSettled(store, daemon, 1);
            assertThat(site.push(daemon.port(), 0, B).statusCode()).isEqualTo(202);
            awaitSettled(store, daemon, 2);
            assertThat(ImageProviderFactory.running(state)).isEqualTo(B);

            // the same signed body as A's push, under a delivery id never seen
            assertThat(site.push(daemon.port(), 0, A).statusCode()).isEqualTo(202);
            awaitSettled(store, daemon, 3);
            // and B's, the latest push
            assertThat(site.push(daemon.port(), 0, B).statusCode()).isEqualTo(202);
            awaitSettled(store, daemon, 4);

            List<Deployment> rows = deployments(store).stream()
                    .sorted(Comparator.comparingLong(Deployment::id))
                    .toList();
            Deployment replay = rows.get(2);
            assertThat(replay.status()).isEqualTo(DeploymentStatus.SKIPPED);
            assertThat(replay.requestedVersion().value()).isEqualTo(A);
            assertThat(replay.errorMessage())
                    .startsWith("stale: " + A.substring(0, 12) + " (deployment #"
                            + rows.get(0).id() + ") was replaced by " + B.substring(0, 12) + " (deployment #"
                            + rows.get(1).id())
                    .endsWith("so the target's deployment history decides");
            Deployment latest = rows.get(3);
            assertThat(latest.status()).isEqualTo(DeploymentStatus.SKIPPED);
            assertThat(latest.errorMessage()).isNull();
            assertThat(ImageProviderFactory.deployed(state)).containsExactly(A, B);
            assertThat(ImageProviderFactory.running(state)).isEqualTo(B);
            assertThat(store.states()
                            .find(TARGET)
                            .orElseThrow()
                            .currentVersion()
                            .value())
                    .isEqualTo(B);
        }
    }

    /**
     * While A's push runs and B's waits in the queue, A's push is replayed: queueing the replay supersedes
     * B's request, and the replay is then skipped as up to date. B's request is queued again and runs:
     * B is deployed, once, and A is not deployed again.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void replayThatSupersedesANewerQueuedPush_givesItsPlaceBack_andTheNewerPushIsDeployedOnce(Kind kind)
            throws Exception {
        DeploySite site = new DeploySite(dir);
        Path state = Files.createDirectories(dir.resolve("image-state"));
        String url = ItDatabases.fresh(kind, dir);
        try (DaemonProcess daemon = imageDaemon(state, url);
                FraisierStore store = ItDatabases.open(url)) {
            Files.writeString(state.resolve("gate"), "closed");
            assertThat(site.push(daemon.port(), 0, A).statusCode()).isEqualTo(202);
            await(
                    "A's deployment to start",
                    () -> deployments(store).stream().anyMatch(d -> d.status() == DeploymentStatus.IN_PROGRESS),
                    daemon);
            assertThat(site.push(daemon.port(), 0, B).statusCode()).isEqualTo(202);
            // the same signed body as A's push, under a delivery id never seen
            assertThat(site.push(daemon.port(), 0, A).statusCode()).isEqualTo(202);
            Files.delete(state.resolve("gate"));
            awaitSettled(store, daemon, 4);

            List<Deployment> rows = deployments(store).stream()
                    .sorted(Comparator.comparingLong(Deployment::id))
                    .toList();
            assertThat(rows)
                    .extracting(Deployment::status)
                    .containsExactly(
                            DeploymentStatus.SUCCESS,
                            DeploymentStatus.SUPERSEDED,
                            DeploymentStatus.SKIPPED,
                            DeploymentStatus.SUCCESS);
            assertThat(rows.get(2).requestedVersion().value()).isEqualTo(A);
            assertThat(rows.get(3).requestedVersion().value()).isEqualTo(B);
            assertThat(rows.get(3).webhookEventId()).isEqualTo(rows.get(1).webhookEventId());
            assertThat(ImageProviderFactory.deployed(state)).containsExactly(A, B);
            assertThat(ImageProviderFactory.running(state)).isEqualTo(B);
        }
    }

    /** A daemon whose one target {@code app/e0} has provider {@code it_image}, its state in {@code state}. */
    private DaemonProcess imageDaemon(Path state, String url) throws IOException {
        return DaemonProcess.start(
                imageConfig(state), url, dir.resolve("daemon.log"), List.of(ImageProviderFactory.serviceEntry(dir)));
    }

    /** One target {@code app/e0}, deployed from branch {@code b0} by provider {@code it_image}. */
    private Path imageConfig(Path state) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path file = dir.resolve("fraises-image.yaml");
        Files.writeString(file, """
                git:
                  provider: github
                  github: { webhook_secret: %s }
                webhook:
                  address: 127.0.0.1
                  port: %d
                  rate_limit: 1000000
                  workers: 1
                branch_mapping:
                  b0: { fraise: app, environment: e0 }
                fraises:
                  app:
                    type: api
                    environments:
                      e0:
                        provider: %s
                        branch: b0
                        state_dir: %s
                        timeout: 120
                        lock_timeout: 60
                """.formatted(DeploySite.SECRET, port, ImageProviderFactory.TYPE, state));
        return file;
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
