package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.RollbackRequest;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentUpdate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The up-to-date check compares with the version last deployed healthy (a {@code success}), not with
 * what the provider finds checked out: a failed or killed deployment leaves the new version checked out
 * but not running, and the next {@code deploy} must run it again instead of skipping it.
 */
class FraisierKnownVersionTest {
    private static final Version V1 = Version.of("v1");
    private static final Version V2 = Version.of("v2");

    private final EngineHarness h = new EngineHarness();

    @Test
    void firstDeploymentWhoseRestartFailed_isDeployedAgain_notSkipped() {
        h.target().running(null).defaultTarget(V1).failAfterSwitch("restart", "restart_command exited 1");
        Fraisier fraisier = h.fraisier();
        DeploymentOutcome first = fraisier.deploy(h.request());
        assertThat(first.exitCode()).isEqualTo(6);
        // the provider now finds v1 checked out, although it never started
        assertThat(h.target().runningVersion()).isEqualTo(V1);

        DeploymentOutcome again = fraisier.deploy(h.request());

        assertThat(again)
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .satisfies(s -> assertThat(s.deployment().status()).isEqualTo(DeploymentStatus.SUCCESS));
        assertThat(again.exitCode()).isZero();
        assertThat(h.target().deployed()).containsExactly("v1", "v1");
        assertThat(h.store.states().find(TARGET).orElseThrow().currentVersion()).isEqualTo(V1);
        assertThat(h.store.allEvents())
                .anySatisfy(e -> assertThat(e.message()).contains("no deployment of this target has succeeded yet"));
    }

    @Test
    void firstDeploymentWhoseRestartFailed_dryRunSaysItWouldDeploy() {
        h.target().running(null).defaultTarget(V1).failAfterSwitch("restart", "restart_command exited 1");
        Fraisier fraisier = h.fraisier();
        fraisier.deploy(h.request());

        DeploymentOutcome.Planned plan = fraisier.plan(h.request());

        assertThat(plan.current()).isEqualTo(V1);
        assertThat(plan.wouldSkip()).isFalse();
    }

    @Test
    void firstDeploymentKilledMidway_isDeployedAgainAfterRecovery() {
        // what kill -9 of a first deployment leaves: v1 checked out, its row in progress, its lease lapsing
        Deployment killed = h.store
                .deployments()
                .create(
                        new NewDeployment(TARGET, "scripted", Trigger.CLI, "carol", null, null, null, null, false),
                        h.clock.instant());
        LockLease lease = h.store
                .locks()
                .tryAcquire(TARGET, "host-z:1", killed.id(), h.clock.instant(), Duration.ofSeconds(60))
                .orElseThrow();
        h.store
                .deployments()
                .transition(DeploymentUpdate.move(
                        killed.id(),
                        DeploymentStatus.PENDING,
                        DeploymentStatus.IN_PROGRESS,
                        lease.fencingToken(),
                        h.clock.instant()));
        h.store.deployments().recordVersions(killed.id(), null, V1);
        h.clock.advance(Duration.ofMinutes(5));
        h.target().running(V1).defaultTarget(V1);
        Fraisier fraisier = h.fraisier();
        assertThat(fraisier.recovered())
                .singleElement()
                .extracting(Deployment::status)
                .isEqualTo(DeploymentStatus.INTERRUPTED);

        DeploymentOutcome again = fraisier.deploy(h.request());

        assertThat(again).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().deployed()).containsExactly("v1");
    }

    @Test
    void deploymentKilledAfterASuccess_isDeployedAgain_evenWhenTheProviderFindsTheOldVersion() {
        h.target().running(null).defaultTarget(V1);
        Fraisier first = h.fraisier();
        first.deploy(h.request());
        // a forced redeploy of v1 killed during its restart: v1 checked out, perhaps stopped
        Deployment killed = h.store
                .deployments()
                .create(
                        new NewDeployment(TARGET, "scripted", Trigger.CLI, "carol", V1, null, null, null, true),
                        h.clock.instant());
        LockLease lease = h.store
                .locks()
                .tryAcquire(TARGET, "host-z:1", killed.id(), h.clock.instant(), Duration.ofSeconds(60))
                .orElseThrow();
        h.store
                .deployments()
                .transition(DeploymentUpdate.move(
                        killed.id(),
                        DeploymentStatus.PENDING,
                        DeploymentStatus.IN_PROGRESS,
                        lease.fencingToken(),
                        h.clock.instant()));
        h.clock.advance(Duration.ofMinutes(5));
        Fraisier fraisier = h.fraisier();
        assertThat(fraisier.recovered()).hasSize(1);

        DeploymentOutcome again = fraisier.deploy(h.request());

        assertThat(again).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().deployed()).containsExactly("v1", "v1");
        // and once it succeeded, the same version is up to date again
        assertThat(fraisier.deploy(h.request())).isInstanceOf(DeploymentOutcome.Skipped.class);
    }

    @Test
    void failedRedeployThatChangedNothing_isNotTakenAsHealthy() {
        h.target().running(null).defaultTarget(V1);
        Fraisier fraisier = h.fraisier();
        fraisier.deploy(h.request());
        h.target().failBeforeSwitch("restart", "restart_command exited 1");
        assertThat(fraisier.deploy(h.request().withForce(true)).exitCode()).isEqualTo(6);

        DeploymentOutcome again = fraisier.deploy(h.request());

        assertThat(again).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().deployed()).containsExactly("v1", "v1", "v1");
    }

    @Test
    void aVersionChangedOutOfBand_isDeployedAgain_andStatusShowsWhatTheProviderFinds() {
        h.target().running(null).defaultTarget(V1);
        Fraisier fraisier = h.fraisier();
        fraisier.deploy(h.request());
        h.target().running(V2);

        assertThat(fraisier.status(TARGET).runningVersion()).isEqualTo(V2);
        DeploymentOutcome again = fraisier.deploy(h.request());

        assertThat(again)
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .extracting(s -> s.deployment().oldVersion())
                .isEqualTo(V2);
        assertThat(h.target().runningVersion()).isEqualTo(V1);
    }

    @Test
    void afterAFailedRollback_theVersionFoundRunningIsNotTakenAsHealthy() {
        h.target().running(null).defaultTarget(V1);
        Fraisier fraisier = h.fraisier();
        fraisier.deploy(h.request());
        h.target()
                .defaultTarget(V2)
                .failAfterSwitch("restart", "restart_command exited 1")
                .failHealth(4);
        // v2 fails, the rollback to v1 fails its health check: v1 is checked out again, but not known healthy
        assertThat(fraisier.deploy(h.request()).exitCode()).isEqualTo(7);

        DeploymentOutcome.Planned plan = fraisier.plan(h.request().withVersion(V1));

        assertThat(plan.wouldSkip()).isFalse();
    }

    @Test
    void rollbackAfterAFailedRollback_goesToTheVersionLastDeployedHealthy() {
        h.target().running(null).defaultTarget(V1);
        Fraisier fraisier = h.fraisier();
        fraisier.deploy(h.request());
        h.target().defaultTarget(V2);
        fraisier.deploy(h.request());
        h.target()
                .defaultTarget(Version.of("v3"))
                .failAfterSwitch("restart", "exited 1")
                .failHealth(4);
        assertThat(fraisier.deploy(h.request()).exitCode()).isEqualTo(7);

        DeploymentOutcome back = fraisier.rollback(RollbackRequest.of(TARGET));

        assertThat(back)
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .extracting(s -> s.deployment().newVersion())
                .isEqualTo(V2);
        assertThat(h.target().runningVersion()).isEqualTo(V2);
    }

    @Test
    void theDeploymentThatEndedLast_decides_notTheOneCreatedLast() {
        Fraisier fraisier = v1Deployed();
        // #2 starts first and ends last, failed; #3, created after it, ends before it with a success
        Deployment older = started();
        Deployment newer = started();
        h.clock.advance(Duration.ofSeconds(10));
        end(newer, DeploymentStatus.SUCCESS);
        h.clock.advance(Duration.ofSeconds(10));
        end(older, DeploymentStatus.FAILED);

        assertThat(fraisier.plan(h.request()).wouldSkip())
                .as("v1 is in doubt after the failure that ended last")
                .isFalse();
    }

    @Test
    void deploymentsThatEndedAtOnce_theLaterRowDecides() {
        Fraisier fraisier = v1Deployed();
        Deployment older = started();
        Deployment newer = started();
        h.clock.advance(Duration.ofSeconds(10));
        end(older, DeploymentStatus.FAILED);
        end(newer, DeploymentStatus.SUCCESS);

        assertThat(fraisier.plan(h.request()).wouldSkip())
                .as("the later success decides")
                .isTrue();

        Deployment third = started();
        Deployment fourth = started();
        h.clock.advance(Duration.ofSeconds(10));
        end(fourth, DeploymentStatus.FAILED);
        end(third, DeploymentStatus.SUCCESS);

        assertThat(fraisier.plan(h.request()).wouldSkip())
                .as("the later failure decides")
                .isFalse();
    }

    /** A Fraisier whose target had v1 deployed, healthy. */
    private Fraisier v1Deployed() {
        h.target().running(null).defaultTarget(V1);
        Fraisier fraisier = h.fraisier();
        fraisier.deploy(h.request());
        return fraisier;
    }

    /** A deployment of v1 written and started straight in the store, as another process would. */
    private Deployment started() {
        Deployment d = h.store
                .deployments()
                .create(
                        new NewDeployment(TARGET, "scripted", Trigger.CLI, "carol", V1, null, null, null, true),
                        h.clock.instant());
        return h.store
                .deployments()
                .transition(DeploymentUpdate.move(
                        d.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, h.clock.instant()));
    }

    private void end(Deployment d, DeploymentStatus status) {
        h.store
                .deployments()
                .transition(DeploymentUpdate.move(d.id(), DeploymentStatus.IN_PROGRESS, status, 0, h.clock.instant()));
    }
}
