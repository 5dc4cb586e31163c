package io.fraisier.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.configfile.ConfigLoader;
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
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A deployment running in the webhook daemon, cancelled from another process (this test's JVM, through
 * the {@link Fraisier} front door that {@code fraisier cancel} uses): the daemon kills the restart it is
 * running, rolls the target back, frees the lock and records the row {@code cancelled}.
 */
class DaemonCancelIT {
    private static final Target TARGET = Target.of("app", "e0");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDeploymentRunningInTheDaemon_cancelledFromAnotherProcess_isRolledBackAndCancelled(Kind kind)
            throws Exception {
        DeploySite site = new DeploySite(dir).init(0.05);
        String a = site.commit();
        String url = ItDatabases.fresh(kind, dir);
        Path config = site.config(1, 1);
        try (DaemonProcess daemon = DaemonProcess.start(config, url, dir.resolve("daemon.log"));
                FraisierStore store = ItDatabases.open(url);
                Fraisier operator = Fraisier.builder()
                        .config(new ConfigLoader(Map.of(), dir).load(config))
                        .store(store)
                        .build()) {
            assertThat(site.push(daemon.port(), 0, a).statusCode()).isEqualTo(202);
            await("the first deployment", () -> latest(store).status() == DeploymentStatus.SUCCESS, daemon);

            // the next push's restart hangs until the gate opens
            String b = site.commit();
            site.closeGate();
            assertThat(site.push(daemon.port(), 0, b).statusCode()).isEqualTo(202);
            await("b's restart to begin", () -> started(site, b), daemon);
            Deployment running = latest(store);
            assertThat(running.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);

            long asked = System.nanoTime();
            Deployment after = operator.cancel(running.id(), "oncall@ops1", "incident elsewhere");
            assertThat(after.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
            // the daemon kills b's restart and restarts a (held by the gate too: let it through)
            await("the rollback's restart of a", () -> restartsOf(site, a) == 2, daemon);
            site.openGate();
            await(
                    "the row to end",
                    () -> store.deployments()
                            .find(running.id())
                            .orElseThrow()
                            .status()
                            .isTerminal(),
                    daemon);
            Duration took = Duration.ofNanos(System.nanoTime() - asked);

            Deployment end = store.deployments().find(running.id()).orElseThrow();
            assertThat(end.status()).as(daemon.log()).isEqualTo(DeploymentStatus.CANCELLED);
            assertThat(end.errorType()).isEqualTo("cancelled");
            assertThat(end.errorMessage()).contains("oncall@ops1", "incident elsewhere", "rolled back to " + a);
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            // b's restart never ended: it was killed, not waited for
            assertThat(site.restarts())
                    .filteredOn(r -> !r.start())
                    .extracting(Restart::sha)
                    .doesNotContain(b);
            assertThat(site.checkedOut(0)).isEqualTo(a);
            await("the lock to be free", () -> store.locks().list().isEmpty(), daemon);
            assertThat(store.states()
                            .find(TARGET)
                            .orElseThrow()
                            .currentVersion()
                            .value())
                    .isEqualTo(a);
        } finally {
            site.openGate();
        }
    }

    private static Deployment latest(FraisierStore store) {
        return store.deployments().history(new HistoryQuery("app", null, null, null, 100)).stream()
                .max(Comparator.comparingLong(Deployment::id))
                .orElseThrow();
    }

    private static boolean started(DeploySite site, String sha) {
        try {
            return site.restarts().stream().anyMatch(r -> r.start() && r.sha().equals(sha));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static long restartsOf(DeploySite site, String sha) {
        try {
            return site.restarts().stream()
                    .filter(r -> r.start() && r.sha().equals(sha))
                    .count();
        } catch (java.io.IOException e) {
            return 0;
        }
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
