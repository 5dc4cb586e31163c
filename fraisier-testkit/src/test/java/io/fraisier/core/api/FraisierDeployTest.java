package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.model.QueueTurn;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.testkit.fake.ConfigFixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FraisierDeployTest {
    private static final Version V1 = Version.of("v1");
    private static final Version V2 = Version.of("v2");

    private final EngineHarness h = new EngineHarness();

    @Test
    void deploy_whileTheProviderRuns_theRowAlreadyNamesBothVersions() {
        java.util.concurrent.atomic.AtomicReference<Deployment> seen =
                new java.util.concurrent.atomic.AtomicReference<>();
        h.target()
                .running(V1)
                .defaultTarget(V2)
                .duringDeploy(() -> seen.set(h.store.allDeployments().getFirst()));

        h.fraisier().deploy(h.request());

        // what a killed process leaves behind: the row in progress, with what it was replacing by what
        assertThat(seen.get().status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(seen.get().oldVersion()).isEqualTo(V1);
        assertThat(seen.get().newVersion()).isEqualTo(V2);
    }

    @Test
    void deploy_firstTime_succeedsRecordsVersionAndReleasesLock() {
        h.target().running(null).defaultTarget(V1);

        DeploymentOutcome outcome = h.fraisier().deploy(h.request().by(Trigger.CLI, "alice"));

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .satisfies(s -> {
                    assertThat(s.direction()).isEqualTo(Version.Direction.INITIAL);
                    assertThat(s.deployment().status()).isEqualTo(DeploymentStatus.SUCCESS);
                    assertThat(s.deployment().oldVersion()).isNull();
                    assertThat(s.deployment().newVersion()).isEqualTo(V1);
                    assertThat(s.deployment().triggeredBy()).isEqualTo("alice");
                    assertThat(s.deployment().fencingToken()).isPositive();
                });
        assertThat(outcome.exitCode()).isZero();
        assertThat(h.store.states().find(TARGET).orElseThrow().currentVersion()).isEqualTo(V1);
        assertThat(h.store.locks().list()).isEmpty();
        assertThat(h.target().closes()).isEqualTo(1);
        assertThat(h.listener.statuses())
                .containsExactly(DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, DeploymentStatus.SUCCESS);
    }

    @Test
    void deploy_whenTargetAlreadyRunsVersion_isSkippedWithoutDeploying() {
        h.target().running(null).defaultTarget(V1);
        Fraisier fraisier = h.fraisier();
        fraisier.deploy(h.request());

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Skipped.class);
        assertThat(outcome.summary()).contains("already up to date at v1");
        assertThat(outcome.exitCode()).isZero();
        assertThat(h.target().deployed()).containsExactly("v1");
        assertThat(h.store.allDeployments())
                .extracting(Deployment::status)
                .containsExactly(DeploymentStatus.SUCCESS, DeploymentStatus.SKIPPED);
    }

    @Test
    void deploy_withForce_redeploysTheSameVersion() {
        h.target().running(V1).defaultTarget(V1);

        DeploymentOutcome outcome = h.fraisier().deploy(h.request().withForce(true));

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .extracting(DeploymentOutcome.Succeeded::direction)
                .isEqualTo(Version.Direction.REDEPLOY);
        assertThat(h.target().deployed()).containsExactly("v1");
    }

    @Test
    void deploy_withExplicitVersion_deploysThatVersionAndRecordsDirection() {
        h.target().running(Version.of("1.2.0"));

        DeploymentOutcome outcome = h.fraisier().deploy(h.request().withVersion(Version.of("1.3.0")));

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .extracting(DeploymentOutcome.Succeeded::direction)
                .isEqualTo(Version.Direction.UPGRADE);
        assertThat(h.store.allEvents()).anySatisfy(e -> assertThat(e.message()).contains("(upgrade)"));
    }

    @Test
    void deploy_dryRun_reportsThePlanAndWritesNothing() {
        h.target().running(V1).defaultTarget(V2);

        DeploymentOutcome outcome = h.fraisier().deploy(h.request().withDryRun(true));

        assertThat(outcome).asInstanceOf(type(DeploymentOutcome.Planned.class)).satisfies(p -> {
            assertThat(p.current()).isEqualTo(V1);
            assertThat(p.targetVersion()).isEqualTo(V2);
            assertThat(p.provider()).isEqualTo("scripted");
            assertThat(p.steps()).containsExactly("fetch v2", "switch v1 -> v2", "restart");
            assertThat(p.wouldSkip()).isFalse();
        });
        assertThat(h.store.allDeployments()).isEmpty();
        assertThat(h.store.allEvents()).isEmpty();
        assertThat(h.store.locks().list()).isEmpty();
        assertThat(h.target().deployed()).isEmpty();
    }

    @Test
    void deploy_whenStepFailsBeforeTheSwitch_failsWithoutRollingBack() {
        h.target().running(V1).defaultTarget(V2).failBeforeSwitch("fetch", "remote hung up");

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome).asInstanceOf(type(DeploymentOutcome.Failed.class)).satisfies(f -> {
            assertThat(f.targetChanged()).isFalse();
            assertThat(f.error()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
            assertThat(f.deployment().errorType()).isEqualTo("deployment_failed");
            assertThat(f.deployment().errorMessage()).contains("remote hung up");
        });
        assertThat(outcome.exitCode()).isEqualTo(6);
        assertThat(h.target().deployed()).containsExactly("v2");
        assertThat(h.store.states().find(TARGET).orElseThrow().currentVersion()).isNull();
        assertThat(h.store.locks().list()).isEmpty();
    }

    @Test
    void deploy_whenHealthCheckFails_rollsBackToPreviousVersion() {
        h.target().running(V1).defaultTarget(V2).unhealthyWhileRunning(V2);

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.RolledBack.class))
                .satisfies(r -> {
                    assertThat(r.restored()).isEqualTo(V1);
                    assertThat(r.error()).isEqualTo(ErrorCode.HEALTH_CHECK_FAILED);
                    assertThat(r.deployment().status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
                    assertThat(r.deployment().errorType()).isEqualTo("health_check_failed");
                });
        assertThat(outcome.exitCode()).isEqualTo(6);
        assertThat(h.target().deployed()).containsExactly("v2", "v1");
        assertThat(h.target().runningVersion()).isEqualTo(V1);
        assertThat(h.store.states().find(TARGET).orElseThrow().currentVersion()).isEqualTo(V1);
    }

    @Test
    void deploy_whenStepFailsAfterTheSwitch_rollsBack() {
        h.target().running(V1).defaultTarget(V2).failAfterSwitch("restart", "unit failed");

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.RolledBack.class);
        assertThat(h.target().deployed()).containsExactly("v2", "v1");
    }

    @Test
    void deploy_whenRollbackIsUnhealthyToo_endsRollbackFailedAndAsksForAnOperator() {
        h.target().running(V1).defaultTarget(V2).unhealthyWhileRunning(V1).unhealthyWhileRunning(V2);

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.RollbackFailed.class))
                .satisfies(r -> {
                    assertThat(r.deployment().status()).isEqualTo(DeploymentStatus.ROLLBACK_FAILED);
                    assertThat(r.deployment().errorType()).isEqualTo("rollback_failed");
                    assertThat(r.rollbackError()).contains("health check of v1 failed");
                });
        assertThat(outcome.needsOperator()).isTrue();
        assertThat(outcome.exitCode()).isEqualTo(7);
        assertThat(outcome.summary()).contains("Operator action required");
        assertThat(h.store.allEvents()).anySatisfy(e -> assertThat(e.message()).contains("ROLLBACK FAILED"));
    }

    @Test
    void deploy_withAutoRollbackOff_failsAndLeavesTheTargetAsItIs() {
        h.env = ConfigFixtures.withAutoRollback(h.env, false);
        h.target().running(V1).defaultTarget(V2).unhealthyWhileRunning(V2);

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Failed.class))
                .extracting(DeploymentOutcome.Failed::targetChanged)
                .isEqualTo(true);
        assertThat(h.target().deployed()).containsExactly("v2");
        assertThat(h.store.allEvents()).anySatisfy(e -> assertThat(e.message()).contains("auto_rollback is off"));
    }

    @Test
    void deploy_firstDeploymentUnhealthy_failsWithNothingToRollBackTo() {
        h.target().running(null).defaultTarget(V1).unhealthyWhileRunning(V1);

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Failed.class);
        assertThat(h.target().deployed()).containsExactly("v1");
        assertThat(h.store.allEvents()).anySatisfy(e -> assertThat(e.message()).contains("nothing to roll back to"));
    }

    @Test
    void deploy_healthRetries_backOffDoublingFromTheIntervalCappedAt30Seconds() {
        h.env = ConfigFixtures.withHealth(h.env, ConfigFixtures.httpCheck(6));
        h.target().running(V1).defaultTarget(V2).failHealth(6);

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.sleeper.sleeps())
                .containsExactly(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
        assertThat(h.listener.healthAttempts()).hasSize(7);
        assertThat(h.listener.healthAttempts().get(6).healthy()).isTrue();
        // the same attempts and the lock wait are in the store's durable counters, for every exporter
        MetricSnapshot counters = h.fraisier().metricSnapshot();
        assertThat(counters.healthAttempts())
                .extracting(MetricSnapshot.HealthAttemptCount::healthy, MetricSnapshot.HealthAttemptCount::count)
                .containsExactlyInAnyOrder(tuple(false, 6L), tuple(true, 1L));
        assertThat(counters.lockWaits())
                .singleElement()
                .extracting(MetricSnapshot.LockWaitHistogram::count)
                .isEqualTo(1L);
    }

    @Test
    void deploy_whenTheDiagnosticCountersCannotBeWritten_stillSucceeds_andCountsNothing() {
        // a full disk or a read-only database refuses the counter upserts: they are diagnostics, never a reason
        // to fail (or roll back) a deployment
        h.env = ConfigFixtures.withHealth(h.env, ConfigFixtures.httpCheck(2));
        h.target().running(V1).defaultTarget(V2).failHealth(1);
        h.store.failWrites(true);

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.listener.healthAttempts()).hasSize(2);
        MetricSnapshot counters = h.fraisier().metricSnapshot();
        assertThat(counters.healthAttempts()).isEmpty();
        assertThat(counters.lockWaits()).isEmpty();
    }

    @Test
    void deploy_whenHealthNeverRecovers_makesOneAttemptPlusRetries() {
        h.env = ConfigFixtures.withAutoRollback(ConfigFixtures.withHealth(h.env, ConfigFixtures.httpCheck(2)), false);
        h.target().running(V1).defaultTarget(V2).failHealth(100);

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Failed.class))
                .extracting(DeploymentOutcome.Failed::reason)
                .asString()
                .contains("after 3 attempt(s)");
        assertThat(h.listener.healthAttempts()).hasSize(3);
    }

    @Test
    void deploy_whenProviderStepHangs_timesOutAndRollsBack() {
        h.env = ConfigFixtures.withTimeouts(h.env, Duration.ofSeconds(300), Duration.ofSeconds(60));
        h.sleeper.realGrace(Duration.ofMillis(20));
        h.target().running(V1).defaultTarget(V2).hang();

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.RolledBack.class))
                .satisfies(r -> {
                    assertThat(r.error()).isEqualTo(ErrorCode.DEPLOYMENT_TIMEOUT);
                    assertThat(r.deployment().errorType()).isEqualTo("deployment_timeout");
                    assertThat(r.reason()).contains("did not finish within 60 s");
                });
        assertThat(h.target().calls()).contains("interrupted");
        assertThat(h.target().deployed()).containsExactly("v2", "v1");
    }

    @Test
    void deploy_whenATimedOutStepIgnoresItsInterrupt_doesNotRollBackOverItAndAsksForAnOperator() {
        h.env = ConfigFixtures.withTimeouts(h.env, Duration.ofSeconds(300), Duration.ofSeconds(60));
        h.sleeper.realGrace(Duration.ofMillis(20));
        h.target().running(V1).defaultTarget(V2).hangIgnoringInterrupts();
        try {
            DeploymentOutcome outcome = h.fraisier().deploy(h.request());

            assertThat(outcome)
                    .asInstanceOf(type(DeploymentOutcome.RollbackFailed.class))
                    .satisfies(r -> {
                        assertThat(r.error()).isEqualTo(ErrorCode.DEPLOYMENT_TIMEOUT);
                        assertThat(r.rollbackError()).contains("did not stop");
                    });
            assertThat(h.target().deployed()).containsExactly("v2");
        } finally {
            h.target().releaseHang();
        }
    }

    @Test
    void deploy_whenProviderIsUnreachable_throwsAndRecordsTheFailure() {
        h.target().unreachable(true);
        Fraisier fraisier = h.fraisier();

        assertThatThrownBy(() -> fraisier.deploy(h.request()))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE));
        assertThat(h.store.allDeployments()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(d.errorType()).isEqualTo("provider_unreachable");
        });
        assertThat(h.store.locks().list()).isEmpty();
        assertThat(h.target().closes()).isEqualTo(1);
    }

    @Test
    void deploy_withUnknownProviderType_namesTheTypeAskedTheTypesFoundAndTheArtifact() {
        h.env = new io.fraisier.core.config.EnvironmentConfig(
                TARGET,
                "docker",
                null,
                h.env.lockTimeout(),
                h.env.timeout(),
                true,
                h.env.healthCheck(),
                h.env.settings());
        Fraisier fraisier = h.fraisier();

        assertThatThrownBy(() -> fraisier.deploy(h.request())).isInstanceOfSatisfying(FraisierException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNKNOWN);
            assertThat(e.getMessage()).contains("'docker'").contains("found: scripted");
            assertThat(e.hint()).contains("fraisier-providers");
        });
        assertThat(h.store.allDeployments())
                .singleElement()
                .extracting(Deployment::status)
                .isEqualTo(DeploymentStatus.FAILED);
    }

    @Test
    void deploy_whenRecordingTheEndFails_surfacesTheStoreErrorAndReleasesTheLock() {
        h.target().running(V1).defaultTarget(V2);
        h.store.failTransitionsTo(
                DeploymentStatus.SUCCESS,
                new FraisierException(ErrorCode.DATABASE_UNAVAILABLE, "connection to db:5432 lost", null));
        Fraisier fraisier = h.fraisier();

        assertThatThrownBy(() -> fraisier.deploy(h.request())).isInstanceOfSatisfying(FraisierException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
            assertThat(e.getMessage()).contains("connection to db:5432 lost");
        });
        assertThat(h.store.locks().list()).isEmpty();
        assertThat(h.store.allDeployments())
                .singleElement()
                .extracting(Deployment::status)
                .isEqualTo(DeploymentStatus.FAILED);
    }

    @Test
    void deploy_whenTheDatabaseRestartsUnderTheRun_recordsItsTrueEndAndReleasesTheLockOnceTheDatabaseIsBack() {
        // the database goes away mid-run and is back a moment later (a PostgreSQL restart): the run goes on,
        // its end and the release of its lock wait for the database, and what happened is what is recorded
        // (not "failed: database_unavailable" for a deployment that succeeded), events included
        h.target().running(V1).defaultTarget(V2).duringDeploy(() -> h.store.down(true));
        h.sleeper.onSleep(d -> h.store.down(false));
        Fraisier fraisier = h.fraisier();

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome).as(outcome.toString()).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.store.allDeployments()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCESS);
            assertThat(d.newVersion()).isEqualTo(V2);
        });
        assertThat(h.store.allEvents())
                .extracting(DeploymentEvent::message)
                .anySatisfy(m -> assertThat(m).contains("switching to " + V2.value()));
        assertThat(h.store.locks().list()).isEmpty();
        assertThat(h.sleeper.sleeps()).first().isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void deploy_whenTheDatabaseIsAwayWhileTheProviderReportsItsSteps_stillRollsBack_andStoresTheEventsAfterwards() {
        // a provider reports its steps from inside its work (between stopping the old container and starting
        // the new one); a database blip there must neither abort that work nor skip the rollback
        h.target()
                .running(V1)
                .defaultTarget(V2)
                .failAfterSwitch("restart", "unit failed")
                .duringDeploy(() -> h.store.down(true));
        h.sleeper.onSleep(d -> h.store.down(false));
        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome).as(outcome.toString()).isInstanceOf(DeploymentOutcome.RolledBack.class);
        assertThat(h.target().runningVersion()).isEqualTo(V1);
        assertThat(h.store.allDeployments())
                .singleElement()
                .extracting(Deployment::status)
                .isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(h.store.locks().list()).isEmpty();
        // what the provider reported while the database was away: shown at once, stored once it was back
        assertThat(h.listener.events()).anySatisfy(e -> assertThat(e.message()).contains("unit failed"));
        assertThat(h.store.allEvents())
                .extracting(DeploymentEvent::message)
                .anySatisfy(m -> assertThat(m).contains("switching to " + V2.value()))
                .anySatisfy(m -> assertThat(m).contains("unit failed"));
    }

    @Test
    void deploy_whenTheDatabaseRestartsAsTheRunStarts_startsOnceItIsBack() {
        h.target().running(V1).defaultTarget(V2);
        h.store.failTransitionsTo(
                DeploymentStatus.IN_PROGRESS,
                new FraisierException(ErrorCode.DATABASE_UNAVAILABLE, "connection to db:5432 lost", null));
        h.sleeper.onSleep(d -> h.store.failTransitionsTo(DeploymentStatus.IN_PROGRESS, null));

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().deployed()).containsExactly(V2.value());
        assertThat(h.store.locks().list()).isEmpty();
    }

    @Test
    void deploy_whenTheDatabaseStaysAway_givesUpAfterTheRetryWindow_andSaysWhatIsLeft() {
        h.target().running(V1).defaultTarget(V2).duringDeploy(() -> h.store.down(true));
        Fraisier fraisier = h.fraisier();

        assertThatThrownBy(() -> fraisier.deploy(h.request())).isInstanceOfSatisfying(FraisierException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
            assertThat(e.getMessage()).contains("recording that failed too");
            assertThat(e.hint()).contains("stays in_progress", "marks it interrupted");
        });

        h.store.down(false);
        // the row is left to crash recovery and the lock to its lease; the retries were bounded: the final
        // status, the read of the row and the release of the lock each waited no more than 15 s
        assertThat(h.store.allDeployments())
                .singleElement()
                .extracting(Deployment::status)
                .isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(h.store.locks().list()).hasSize(1);
        Duration waited = h.sleeper.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(waited).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(45));
    }

    @Test
    void deploy_ofAnUnknownTarget_throwsUnknownTargetAndWritesNothing() {
        Fraisier fraisier = h.fraisier();

        assertThatThrownBy(() -> fraisier.deploy(DeployRequest.of(Target.of("nope", "production"))))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TARGET));
        assertThat(h.store.allDeployments()).isEmpty();
    }

    @Test
    void listeners_seeEveryStoredEventInOrder() {
        h.target().running(V1).defaultTarget(V2).unhealthyWhileRunning(V2);

        h.fraisier().deploy(h.request());

        assertThat(h.listener.events()).isEqualTo(h.store.allEvents());
        assertThat(h.listener.steps())
                .contains("request", "lock", "resolve", "deploy", "fetch", "switch", "restart", "health", "rollback");
        assertThat(h.listener.lockWaits()).hasSize(1);
    }

    @Test
    void enqueue_supersedesOlderPendingRequests_andRunPendingRunsTheNewest() {
        h.target().running(V1).defaultTarget(V2);
        Fraisier fraisier = h.fraisier();
        Deployment older = fraisier.enqueue(h.request().by(Trigger.WEBHOOK, "bob"));
        Deployment newer = fraisier.enqueue(h.request().by(Trigger.WEBHOOK, "bob"));

        DeploymentOutcome skipped = fraisier.runPending(older);
        DeploymentOutcome ran = fraisier.runPending(newer);

        assertThat(skipped)
                .asInstanceOf(type(DeploymentOutcome.Superseded.class))
                .extracting(s -> s.deployment().status())
                .isEqualTo(DeploymentStatus.SUPERSEDED);
        assertThat(ran).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThatThrownBy(() -> fraisier.runPending(newer))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
    }

    @Test
    void runNextQueued_runsTheOldestWaitingRequest_andReportsAnEmptyQueue() {
        h.target().running(V1).defaultTarget(V2);
        Fraisier fraisier = h.fraisier();
        Deployment queued = fraisier.enqueue(h.request().by(Trigger.WEBHOOK, "bob"));

        var first = fraisier.runNextQueued("host-a:100:worker-1");
        var second = fraisier.runNextQueued("host-a:100:worker-1");

        assertThat(first).get().isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(first.orElseThrow())
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .extracting(s -> s.deployment().id())
                .isEqualTo(queued.id());
        assertThat(second).isEmpty();
    }

    @Test
    void runNextQueued_whenTheWorkerDeclinesTheClaimedRow_givesItBackUnstarted() {
        h.target().running(V1).defaultTarget(V2);
        Fraisier fraisier = h.fraisier();
        Deployment queued = fraisier.enqueue(h.request().by(Trigger.WEBHOOK, "bob"));

        QueueTurn declined = fraisier.runNextQueued("host-a:100/worker-1", row -> false);

        assertThat(declined)
                .isInstanceOfSatisfying(
                        QueueTurn.GivenBack.class,
                        g -> assertThat(g.claimed().id()).isEqualTo(queued.id()));
        assertThat(fraisier.queueDepth()).isEqualTo(1);
        assertThat(fraisier.deployment(queued.id()).status()).isEqualTo(DeploymentStatus.PENDING);

        QueueTurn ran = fraisier.runNextQueued("host-b:200/worker-1", row -> true);
        QueueTurn idle = fraisier.runNextQueued("host-b:200/worker-1", row -> true);

        assertThat(ran).isInstanceOfSatisfying(QueueTurn.Ran.class, r -> {
            assertThat(r.claimed().id()).isEqualTo(queued.id());
            assertThat(r.outcome()).isInstanceOf(DeploymentOutcome.Succeeded.class);
        });
        assertThat(idle).isInstanceOf(QueueTurn.Idle.class);
    }
}
