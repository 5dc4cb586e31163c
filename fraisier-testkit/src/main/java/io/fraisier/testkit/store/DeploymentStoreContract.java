package io.fraisier.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.FraiseState;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentUpdate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deployment, event and state contract: rows, the state machine with its optimistic check,
 * history, stats, crash recovery.
 */
public abstract class DeploymentStoreContract extends StoreContractSupport {

    @Test
    void create_writesAPendingRowWithEveryRequestedField() {
        Deployment d = store.deployments()
                .create(
                        new NewDeployment(
                                API_PROD,
                                "bare_metal",
                                Trigger.WEBHOOK,
                                "bob",
                                Version.of("v1.2.0"),
                                "main",
                                "a".repeat(40),
                                null,
                                true),
                        T0);

        assertThat(d.id()).isPositive();
        assertThat(d.status()).isEqualTo(DeploymentStatus.PENDING);
        assertThat(d.provider()).isEqualTo("bare_metal");
        assertThat(d.trigger()).isEqualTo(Trigger.WEBHOOK);
        assertThat(d.requestedVersion()).isEqualTo(Version.of("v1.2.0"));
        assertThat(d.gitCommit()).isEqualTo("a".repeat(40));
        assertThat(d.force()).isTrue();
        assertThat(d.createdAt()).isEqualTo(T0);
        assertThat(d.startedAt()).isNull();
        assertThat(store.deployments().find(d.id())).contains(d);
        assertThat(store.deployments().find(d.id() + 1000)).isEmpty();
    }

    @Test
    void transition_toSuccess_setsTimesAndDuration_andRecordsTheStateInTheSameStep() {
        Deployment d = started(API_PROD, "local", T0);
        assertThat(d.startedAt()).isEqualTo(T0);

        Deployment done = store.deployments()
                .transition(new DeploymentUpdate(
                        d.id(),
                        DeploymentStatus.IN_PROGRESS,
                        DeploymentStatus.SUCCESS,
                        0,
                        T0.plusMillis(12_500),
                        Version.of("v1"),
                        Version.of("v2"),
                        Version.of("v2"),
                        null,
                        null,
                        null,
                        null));

        assertThat(done.status()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(done.completedAt()).isEqualTo(T0.plusMillis(12_500));
        assertThat(done.durationSeconds()).isCloseTo(12.5, within(0.001));
        assertThat(done.oldVersion()).isEqualTo(Version.of("v1"));
        assertThat(done.newVersion()).isEqualTo(Version.of("v2"));
        FraiseState state = store.states().find(API_PROD).orElseThrow();
        assertThat(state.currentVersion()).isEqualTo(Version.of("v2"));
        assertThat(state.lastStatus()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(state.lastDeploymentId()).isEqualTo(d.id());
        assertThat(state.provider()).isEqualTo("local");
    }

    @Test
    void transition_toAFailure_keepsTheRunningVersionInTheState() {
        finished(API_PROD, "local", DeploymentStatus.SUCCESS, T0, 5, "v1");
        Deployment failed = finish(
                started(API_PROD, "local", T0.plusSeconds(60)),
                DeploymentStatus.ROLLED_BACK,
                T0.plusSeconds(90),
                "v2",
                "health_check_failed");

        FraiseState state = store.states().find(API_PROD).orElseThrow();
        assertThat(state.currentVersion()).isEqualTo(Version.of("v1"));
        assertThat(state.lastStatus()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(state.lastDeploymentId()).isEqualTo(failed.id());
        assertThat(failed.errorType()).isEqualTo("health_check_failed");
        assertThat(failed.errorMessage()).isEqualTo("it broke");
        assertThat(store.states().list()).extracting(FraiseState::target).containsExactly(API_PROD);
    }

    @Test
    void transition_whenTheRowNoLongerHasTheExpectedStatus_isRefused() {
        Deployment d = started(API_PROD, "local", T0);
        finish(d, DeploymentStatus.SUCCESS, T0.plusSeconds(1), "v1", null);

        assertThatThrownBy(() -> store.deployments()
                        .transition(DeploymentUpdate.move(
                                d.id(), DeploymentStatus.IN_PROGRESS, DeploymentStatus.FAILED, 0, T0.plusSeconds(2))))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
        assertThatThrownBy(() -> store.deployments()
                        .transition(DeploymentUpdate.move(
                                d.id(), DeploymentStatus.FAILED, DeploymentStatus.SUCCESS, 0, T0.plusSeconds(2))))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
        assertThat(store.deployments().find(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.SUCCESS);
    }

    @Test
    void transition_ofAnUnknownDeployment_isNotFound() {
        assertThatThrownBy(() -> store.deployments()
                        .transition(DeploymentUpdate.move(
                                424242, DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, T0)))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void transition_anOperatorsResolution_recordsWhoAndWhy_andKeepsTheEndTime() {
        Deployment failed =
                finish(started(API_PROD, "local", T0), DeploymentStatus.ROLLBACK_FAILED, T0.plusSeconds(10), "v2", "x");

        Deployment resolved = store.deployments()
                .transition(new DeploymentUpdate(
                        failed.id(),
                        DeploymentStatus.ROLLBACK_FAILED,
                        DeploymentStatus.SUCCESS,
                        0,
                        T0.plusSeconds(3600),
                        null,
                        null,
                        Version.of("v2"),
                        null,
                        null,
                        "carol",
                        "fixed by hand"));

        assertThat(resolved.status()).isEqualTo(DeploymentStatus.SUCCESS);
        assertThat(resolved.resolvedBy()).isEqualTo("carol");
        assertThat(resolved.resolutionReason()).isEqualTo("fixed by hand");
        assertThat(resolved.completedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(store.states().find(API_PROD).orElseThrow().currentVersion()).isEqualTo(Version.of("v2"));
    }

    @Test
    void transition_supersedingAPendingRow_leavesTheStateAlone() {
        Deployment d = pending(API_PROD, T0);

        store.deployments()
                .transition(
                        DeploymentUpdate.move(d.id(), DeploymentStatus.PENDING, DeploymentStatus.SUPERSEDED, 0, T0));

        assertThat(store.deployments().find(d.id()).orElseThrow().durationSeconds())
                .isNull();
        assertThat(store.states().find(API_PROD)).isEmpty();
    }

    @Test
    void recordVersions_marksARunningRow_andAnInterruptionKeepsThem() {
        Deployment waiting = pending(API_PROD, T0);
        assertThat(store.deployments().recordVersions(waiting.id(), Version.of("v1"), Version.of("v2")))
                .as("a pending row is not running yet")
                .isFalse();
        Deployment d = started(API_STAGING, "local", T0);

        assertThat(store.deployments().recordVersions(d.id(), Version.of("v1"), Version.of("v2")))
                .isTrue();
        Deployment running = store.deployments().find(d.id()).orElseThrow();
        assertThat(running.oldVersion()).isEqualTo(Version.of("v1"));
        assertThat(running.newVersion()).isEqualTo(Version.of("v2"));

        Deployment interrupted = store.deployments()
                .transition(new DeploymentUpdate(
                        d.id(),
                        DeploymentStatus.IN_PROGRESS,
                        DeploymentStatus.INTERRUPTED,
                        0,
                        T0.plusSeconds(5),
                        null,
                        null,
                        null,
                        "interrupted",
                        "lease expired",
                        null,
                        null));
        assertThat(interrupted.oldVersion()).isEqualTo(Version.of("v1"));
        assertThat(interrupted.newVersion()).isEqualTo(Version.of("v2"));
        assertThat(store.deployments().recordVersions(d.id(), null, Version.of("v3")))
                .as("an ended row is not changed")
                .isFalse();
        assertThat(store.deployments().find(d.id()).orElseThrow().newVersion()).isEqualTo(Version.of("v2"));
    }

    @Test
    void history_isNewestFirst_filtersByTargetStatusAndTime_andHonoursTheLimit() {
        Deployment a = finished(API_PROD, "local", DeploymentStatus.SUCCESS, T0, 1, "v1");
        Deployment b = finished(API_STAGING, "docker", DeploymentStatus.FAILED, T0.plusSeconds(10), 1, "v2");
        Deployment c = finished(WORKER_PROD, "local", DeploymentStatus.SUCCESS, T0.plusSeconds(20), 1, "v3");
        Deployment e = finished(API_PROD, "local", DeploymentStatus.FAILED, T0.plusSeconds(30), 1, "v4");

        assertThat(ids(HistoryQuery.latest(10))).containsExactly(e.id(), c.id(), b.id(), a.id());
        assertThat(ids(HistoryQuery.latest(2))).containsExactly(e.id(), c.id());
        assertThat(ids(new HistoryQuery("my_api", null, null, null, 10))).containsExactly(e.id(), b.id(), a.id());
        assertThat(ids(new HistoryQuery("my_api", "production", null, null, 10)))
                .containsExactly(e.id(), a.id());
        assertThat(ids(new HistoryQuery(null, null, DeploymentStatus.FAILED, null, 10)))
                .containsExactly(e.id(), b.id());
        assertThat(ids(new HistoryQuery(null, null, null, T0.plusSeconds(20), 10)))
                .containsExactly(e.id(), c.id());
        assertThat(ids(new HistoryQuery("nope", null, null, null, 10))).isEmpty();
    }

    private List<Long> ids(HistoryQuery q) {
        return store.deployments().history(q).stream().map(Deployment::id).toList();
    }

    @Test
    void stats_aggregatePerFraiseThenTotal_overDeploymentsFinishedInTheWindow() {
        // outside the window
        finished(API_PROD, "local", DeploymentStatus.SUCCESS, T0.minus(Duration.ofDays(8)), 999, "v0");
        long[] apiSeconds = {10, 20, 30, 40};
        DeploymentStatus[] apiEnds = {
            DeploymentStatus.SUCCESS,
            DeploymentStatus.SUCCESS,
            DeploymentStatus.FAILED,
            DeploymentStatus.ROLLBACK_FAILED
        };
        for (int i = 0; i < apiSeconds.length; i++) {
            finished(API_PROD, "local", apiEnds[i], T0.plusSeconds(i * 100L), apiSeconds[i], "v" + i);
        }
        finished(WORKER_PROD, "local", DeploymentStatus.ROLLED_BACK, T0, 100, "w1");
        pending(WORKER_PROD, T0); // not finished: not counted

        List<DeploymentStats> stats = store.deployments().stats(T0.minus(Duration.ofDays(7)), null);

        assertThat(stats).extracting(DeploymentStats::fraise).containsExactly("my_api", "worker", null);
        DeploymentStats api = stats.get(0);
        assertThat(api.total()).isEqualTo(4);
        assertThat(api.successes()).isEqualTo(2);
        assertThat(api.failures()).isEqualTo(2);
        assertThat(api.rollbacks()).isEqualTo(1);
        assertThat(api.averageSeconds()).isCloseTo(25.0, within(1e-6));
        assertThat(api.p95Seconds()).isCloseTo(38.5, within(1e-6)); // 30 + 0.85 * 10
        DeploymentStats total = stats.get(2);
        assertThat(total.total()).isEqualTo(5);
        assertThat(total.rollbacks()).isEqualTo(2);
        assertThat(total.averageSeconds()).isCloseTo(40.0, within(1e-6));
        assertThat(total.p95Seconds()).isCloseTo(88.0, within(1e-6)); // 40 + 0.8 * 60
        assertThat(store.deployments().stats(T0.minus(Duration.ofDays(7)), "worker"))
                .extracting(DeploymentStats::fraise, DeploymentStats::total)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("worker", 1L),
                        org.assertj.core.groups.Tuple.tuple(null, 1L));
    }

    @Test
    void stats_withoutData_areAnEmptyTotal() {
        List<DeploymentStats> stats = store.deployments().stats(T0, null);

        assertThat(stats).singleElement().satisfies(s -> {
            assertThat(s.fraise()).isNull();
            assertThat(s.total()).isZero();
            assertThat(s.averageSeconds()).isNull();
            assertThat(s.p95Seconds()).isNull();
        });
    }

    @Test
    void events_areListedOldestFirst_perDeployment() {
        Deployment d = pending(API_PROD, T0);
        Deployment other = pending(API_STAGING, T0);
        store.events().append(new DeploymentEvent(d.id(), T0, "lock", DeploymentEvent.Level.INFO, "lock acquired"));
        store.events().append(new DeploymentEvent(other.id(), T0, "lock", DeploymentEvent.Level.INFO, "elsewhere"));
        store.events()
                .append(new DeploymentEvent(d.id(), T0.plusSeconds(1), "health", DeploymentEvent.Level.WARN, "503"));
        store.events()
                .append(new DeploymentEvent(d.id(), T0.plusSeconds(2), "rollback", DeploymentEvent.Level.ERROR, "x"));

        assertThat(store.events().list(d.id()))
                .extracting(DeploymentEvent::step, DeploymentEvent::level, DeploymentEvent::at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("lock", DeploymentEvent.Level.INFO, T0),
                        org.assertj.core.groups.Tuple.tuple("health", DeploymentEvent.Level.WARN, T0.plusSeconds(1)),
                        org.assertj.core.groups.Tuple.tuple(
                                "rollback", DeploymentEvent.Level.ERROR, T0.plusSeconds(2)));
    }

    @Test
    void recoverInterrupted_marksRunsWithoutALiveLease_releasesTheirLocks_andLeavesLiveOnesAlone() {
        Deployment expired = started(API_PROD, "local", T0);
        LockLease expiredLease = store.locks()
                .tryAcquire(API_PROD, "dead:1", expired.id(), T0, Duration.ofSeconds(30))
                .orElseThrow();
        Deployment live = started(API_STAGING, "local", T0);
        store.locks()
                .tryAcquire(API_STAGING, "alive:2", live.id(), T0, Duration.ofMinutes(10))
                .orElseThrow();
        Deployment lockless = started(WORKER_PROD, "docker", T0);

        List<Deployment> recovered = store.recoverInterrupted(T0.plusSeconds(60), "its process stopped");

        assertThat(recovered).extracting(Deployment::id).containsExactlyInAnyOrder(expired.id(), lockless.id());
        assertThat(recovered).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DeploymentStatus.INTERRUPTED);
            assertThat(d.completedAt()).isEqualTo(T0.plusSeconds(60));
            // the wording is the engine's, the same whatever the store
            assertThat(d.errorType()).isEqualTo("interrupted");
            assertThat(d.errorMessage()).isEqualTo("its process stopped");
        });
        assertThat(store.deployments().find(live.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(store.locks().find(API_PROD)).isEmpty();
        assertThat(store.locks().find(API_STAGING)).isPresent();
        assertThat(store.states().find(API_PROD).orElseThrow().lastStatus()).isEqualTo(DeploymentStatus.INTERRUPTED);
        assertThat(store.locks().release(expiredLease)).isFalse();
        assertThat(store.recoverInterrupted(T0.plusSeconds(61), "its process stopped"))
                .isEmpty();
    }

    @Test
    void ping_succeeds_andTheDescriptionNamesTheStore() {
        store.ping();

        assertThat(store.description()).isNotBlank();
    }
}
