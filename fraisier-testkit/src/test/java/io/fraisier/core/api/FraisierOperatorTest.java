package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.StatusFilter;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.TargetOverview;
import io.fraisier.core.model.TargetStatus;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.testkit.fake.ConfigFixtures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FraisierOperatorTest {
    private static final Version V1 = Version.of("v1");
    private static final Version V2 = Version.of("v2");

    private final EngineHarness h = new EngineHarness();

    /** A deployment left in_progress by a process that held the lock as {@code holder}. */
    private Deployment inProgressHeldBy(String holder, Duration lease) {
        Deployment d = h.store
                .deployments()
                .create(
                        new NewDeployment(TARGET, "scripted", Trigger.CLI, null, V2, null, null, null, false),
                        h.clock.instant());
        LockLease l = h.store
                .locks()
                .tryAcquire(TARGET, holder, d.id(), h.clock.instant(), lease)
                .orElseThrow();
        return h.store
                .deployments()
                .transition(DeploymentUpdate.move(
                        d.id(),
                        DeploymentStatus.PENDING,
                        DeploymentStatus.IN_PROGRESS,
                        l.fencingToken(),
                        h.clock.instant()));
    }

    @Test
    void resolve_anInterruptedDeploymentAsSuccess_recordsWhoWhyAndTheRunningVersion() {
        Deployment d = inProgressHeldBy("host-z:1", Duration.ofSeconds(60));
        h.clock.advance(Duration.ofMinutes(2));
        Fraisier fraisier = h.fraisier();

        Deployment resolved = fraisier.resolve(d.id(), DeploymentStatus.SUCCESS, "checked by hand", "erin");

        assertThat(resolved.status()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(resolved.resolvedBy()).isEqualTo("erin");
        assertThat(resolved.resolutionReason()).isEqualTo("checked by hand");
        assertThat(h.store.states().find(TARGET).orElseThrow().currentVersion()).isEqualTo(V2);
        assertThat(h.store.events().list(d.id()))
                .last()
                .satisfies(e -> assertThat(e.step()).isEqualTo("resolve"));
    }

    @Test
    void resolve_aSuccessfulDeployment_isRefused() {
        h.target().running(V1).defaultTarget(V2);
        Fraisier fraisier = h.fraisier();
        long id = ((DeploymentOutcome.Succeeded) fraisier.deploy(h.request()))
                .deployment()
                .id();

        assertThatThrownBy(() -> fraisier.resolve(id, DeploymentStatus.FAILED, "oops", "erin"))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage()).contains("only failed, rollback_failed and interrupted");
                });
        assertThatThrownBy(() -> fraisier.resolve(id, DeploymentStatus.SKIPPED, "x", "erin"))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
    }

    @Test
    void releaseLock_whileItsHolderRunsOnThisHost_isRefusedUnlessForced() {
        Deployment d = inProgressHeldBy("host-a:4242", Duration.ofSeconds(60));
        Fraisier fraisier = h.builder().processLiveness(pid -> pid == 4242).build();

        assertThatThrownBy(() -> fraisier.releaseLock(TARGET, false))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LOCK_HELD);
                    assertThat(e.getMessage()).contains("pid 4242").contains("running");
                    assertThat(e.hint()).contains("--force");
                });
        LockLease released = fraisier.releaseLock(TARGET, true);

        assertThat(released.deploymentId()).isEqualTo(d.id());
        assertThat(h.store.locks().list()).isEmpty();
        assertThat(h.store.deployments().find(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.INTERRUPTED);
    }

    @Test
    void releaseLock_whenItsHolderOnThisHostIsDead_releasesAndMarksItsDeploymentInterrupted() {
        Deployment d = inProgressHeldBy("host-a:4242", Duration.ofSeconds(60));
        Fraisier fraisier = h.fraisier();

        fraisier.releaseLock(TARGET, false);

        assertThat(h.store.locks().list()).isEmpty();
        assertThat(h.store.deployments().find(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.INTERRUPTED);
    }

    @Test
    void releaseLock_heldWithALiveLeaseByAnotherHost_isRefusedUnlessForced() {
        inProgressHeldBy("host-b:4242", Duration.ofSeconds(60));
        Fraisier fraisier = h.fraisier();

        assertThatThrownBy(() -> fraisier.releaseLock(TARGET, false))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LOCK_HELD);
                    assertThat(e.getMessage()).contains("host host-b").contains("lease is live");
                });
        assertThat(fraisier.locks()).hasSize(1);
    }

    @Test
    void releaseLock_whenNoneIsHeld_saysSo() {
        Fraisier fraisier = h.fraisier();

        assertThatThrownBy(() -> fraisier.releaseLock(TARGET, true))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void status_showsRunningVersionHealthStateLockAndRecentDeployments() {
        h.target().running(V1).defaultTarget(V2);
        Fraisier fraisier = h.fraisier();
        fraisier.deploy(h.request());

        TargetStatus status = fraisier.status(TARGET);

        assertThat(status.runningVersion()).isEqualTo(V2);
        assertThat(status.providerError()).isNull();
        assertThat(status.health()).isNotNull();
        assertThat(status.health().healthy()).isTrue();
        assertThat(status.state().lastStatus()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(status.lock()).isNull();
        assertThat(status.recent()).hasSize(1);
        assertThat(status.latestEvents()).extracting(e -> e.step()).contains("request", "deploy", "done");
    }

    @Test
    void status_showsTheServicesLastLogLines() {
        h.target().running(V1).logs(List.of("one", "two", "three", "four"));

        TargetStatus status = h.fraisier().status(TARGET, 10, 3);

        assertThat(status.recentLogs()).containsExactly("two", "three", "four");
        assertThat(status.logsNote()).isNull();
        assertThat(h.target().calls()).contains("recentLogs(3)");
    }

    @Test
    void status_byDefault_asksForTwentyLogLines() {
        h.target().running(V1);

        TargetStatus status = h.fraisier().status(TARGET);

        assertThat(status.recentLogs()).isEmpty();
        assertThat(h.target().calls()).contains("recentLogs(" + Fraisier.DEFAULT_LOG_LINES + ")");
    }

    @Test
    void status_whenLogsCannotBeRead_keepsTheRestAndSaysWhyInOneLine() {
        h.target().running(V1).failLogs("journalctl: permission denied\nsecond line");

        TargetStatus status = h.fraisier().status(TARGET);

        assertThat(status.runningVersion()).isEqualTo(V1);
        assertThat(status.providerError()).isNull();
        assertThat(status.recentLogs()).isEmpty();
        assertThat(status.logsNote()).isEqualTo("logs unavailable: journalctl: permission denied");
    }

    @Test
    void status_withZeroLogLines_doesNotReadTheLogs() {
        h.target().running(V1).logs(List.of("one"));

        TargetStatus status = h.fraisier().status(TARGET, 10, 0);

        assertThat(status.recentLogs()).isEmpty();
        assertThat(h.target().calls()).noneMatch(c -> c.startsWith("recentLogs"));
    }

    @Test
    void status_whenProviderIsUnreachable_reportsWhyInsteadOfFailing() {
        h.target().unreachable(true);

        TargetStatus status = h.fraisier().status(TARGET);

        assertThat(status.providerError()).contains("unreachable");
        assertThat(status.runningVersion()).isNull();
    }

    @Test
    void statusAll_listsConfiguredTargetsFilteredByEnvironment() {
        EnvironmentConfig staging = ConfigFixtures.environment(Target.of("my_api", "staging"), "scripted");
        EnvironmentConfig worker = ConfigFixtures.environment(Target.of("worker", "production"), "scripted");
        Fraisier fraisier = h.builder()
                .config(ConfigFixtures.config(h.env, staging, worker))
                .build();

        assertThat(fraisier.statusAll(StatusFilter.ALL)).hasSize(3);
        assertThat(fraisier.statusAll(new StatusFilter("production", null)))
                .extracting(TargetOverview::target)
                .containsExactly(TARGET, Target.of("worker", "production"));
        assertThat(fraisier.statusAll(new StatusFilter(null, "etl"))).isEmpty();
    }

    @Test
    void historyAndStats_reflectFinishedDeployments() {
        h.target().running(V1).defaultTarget(V2);
        Fraisier fraisier = h.fraisier();
        fraisier.deploy(h.request());
        h.target().unhealthyWhileRunning(Version.of("v3"));
        fraisier.deploy(h.request().withVersion(Version.of("v3")));

        List<Deployment> history = fraisier.history(HistoryQuery.latest(10));
        List<DeploymentStats> stats = fraisier.stats(7, null);

        assertThat(history)
                .extracting(Deployment::status)
                .containsExactly(DeploymentStatus.ROLLED_BACK, DeploymentStatus.SUCCESS);
        assertThat(stats).last().satisfies(total -> {
            assertThat(total.fraise()).isNull();
            assertThat(total.total()).isEqualTo(2);
            assertThat(total.successes()).isEqualTo(1);
            assertThat(total.rollbacks()).isEqualTo(1);
        });
        assertThatThrownBy(() -> fraisier.stats(0, null)).isInstanceOf(FraisierException.class);
    }

    @Test
    void providerTest_returnsTheProvidersChecksAndClosesIt() {
        h.target().selfTestResults(List.of(CheckResult.pass("connect", "ok"), CheckResult.fail("git", "no repo")));

        List<CheckResult> results = h.fraisier().providerTest(h.env);

        assertThat(results).extracting(CheckResult::ok).containsExactly(true, false);
        assertThat(h.target().closes()).isEqualTo(1);
    }
}
