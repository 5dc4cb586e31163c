package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentListener;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.Sleeper;
import io.fraisier.testkit.fake.ConfigFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FraisierLockingTest {
    private static final Version V1 = Version.of("v1");
    private static final Version V2 = Version.of("v2");

    private final EngineHarness h = new EngineHarness();

    @Test
    void deploy_whenLockStaysHeldPastLockTimeout_failsWithLockTimeoutNamingHolderAndReleaseCommand() {
        Instant since = h.clock.instant();
        h.store.locks().tryAcquire(TARGET, "host-b:4242", 99, since, Duration.ofHours(2));
        Fraisier fraisier = h.fraisier();

        assertThatThrownBy(() -> fraisier.deploy(h.request())).isInstanceOfSatisfying(FraisierException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT);
            assertThat(e.getMessage())
                    .startsWith("Deployment lock acquisition timed out")
                    .contains("host host-b (pid 4242)")
                    .contains("deployment #99")
                    .contains("since " + since)
                    .contains("`fraisier lock release my_api production`");
            assertThat(e.code().exitCode()).isEqualTo(4);
        });
        Deployment row = h.store.allDeployments().getFirst();
        assertThat(row.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(row.errorType()).isEqualTo("lock_timeout");
        assertThat(h.target().calls()).isEmpty();
        assertThat(h.sleeper.sleeps().subList(0, 6))
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofMillis(1600),
                        Duration.ofSeconds(2));
        assertThat(h.sleeper.sleeps().stream().reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void deploy_whenHolderLeaseLapsesWithinLockTimeout_reclaimsTheLockAndRuns() {
        h.store.locks().tryAcquire(TARGET, "host-b:4242", 99, h.clock.instant(), Duration.ofSeconds(10));
        h.target().running(V1).defaultTarget(V2);

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.listener.lockWaits())
                .singleElement()
                .satisfies(w -> assertThat(w).isGreaterThanOrEqualTo(10_000));
        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .extracting(s -> s.deployment().fencingToken())
                .isEqualTo(2L);
    }

    @Test
    void deploy_whileHealthChecksOutlastTheLease_renewsItSoNobodyElseCanTakeTheLock() {
        h.env = ConfigFixtures.withHealth(h.env, ConfigFixtures.httpCheck(6));
        h.target().running(V1).defaultTarget(V2).failHealth(6);
        List<Boolean> intruderGotIt = new CopyOnWriteArrayList<>();
        DeploymentListener intruder = new DeploymentListener() {
            @Override
            public void onHealthAttempt(Deployment d, ProbeResult r) {
                intruderGotIt.add(h.store
                        .locks()
                        .tryAcquire(TARGET, "host-b:1", 500, h.clock.instant(), Duration.ofSeconds(60))
                        .isPresent());
            }
        };

        DeploymentOutcome outcome = h.builder().listener(intruder).build().deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(Duration.between(startOfTests(), h.clock.instant())).isGreaterThan(Duration.ofSeconds(60));
        assertThat(intruderGotIt).hasSize(7).containsOnly(false);
    }

    private static Instant startOfTests() {
        return Instant.parse("2026-01-01T00:00:00Z");
    }

    @Test
    void deploy_whenItsLeaseIsLost_stopsWithoutRollingBackOrTouchingTheNewHolder() {
        h.target().running(V1).defaultTarget(V2).duringDeploy(() -> {
            h.store.locks().forceRelease(TARGET);
            h.clock.advance(Duration.ofSeconds(30));
            h.store.locks().tryAcquire(TARGET, "host-b:7", 999, h.clock.instant(), Duration.ofSeconds(60));
        });

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome).asInstanceOf(type(DeploymentOutcome.Failed.class)).satisfies(f -> {
            assertThat(f.error()).isEqualTo(ErrorCode.FENCED);
            assertThat(f.deployment().status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(f.deployment().errorType()).isEqualTo("fenced");
            assertThat(f.reason()).contains("lease").contains("was lost");
        });
        assertThat(h.target().deployed()).containsExactly("v2");
        assertThat(h.store.locks().find(TARGET))
                .get()
                .extracting(LockLease::holder)
                .isEqualTo("host-b:7");
    }

    @Test
    void deploy_whoseFinalWriteCarriesAStaleToken_isRefusedAndEndsFailedCleanly() {
        h.env = ConfigFixtures.withHealth(h.env, ConfigFixtures.noCheck());
        h.target().running(V1).defaultTarget(V2).duringDeploy(() -> {
            // taken over without the clock moving: no renewal falls due, only fencing can notice
            h.store.locks().forceRelease(TARGET);
            h.store.locks().tryAcquire(TARGET, "host-b:7", 999, h.clock.instant(), Duration.ofSeconds(60));
        });

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertThat(outcome).asInstanceOf(type(DeploymentOutcome.Failed.class)).satisfies(f -> {
            assertThat(f.error()).isEqualTo(ErrorCode.FENCED);
            assertThat(f.reason()).contains("fencing token 1 is stale");
        });
        assertThat(h.store.states().find(TARGET).orElseThrow().currentVersion()).isNotEqualTo(V2);
        assertThat(h.store.locks().find(TARGET))
                .get()
                .extracting(LockLease::fencingToken)
                .isEqualTo(2L);
    }

    @Test
    void build_recoversDeploymentsWhoseLeaseExpired_andTheNextDeploymentRuns() {
        Deployment crashed = h.store
                .deployments()
                .create(
                        new NewDeployment(TARGET, "scripted", Trigger.CLI, "carol", null, null, null, null, false),
                        h.clock.instant());
        LockLease lease = h.store
                .locks()
                .tryAcquire(TARGET, "host-z:1", crashed.id(), h.clock.instant(), Duration.ofSeconds(60))
                .orElseThrow();
        h.store
                .deployments()
                .transition(DeploymentUpdate.move(
                        crashed.id(),
                        DeploymentStatus.PENDING,
                        DeploymentStatus.IN_PROGRESS,
                        lease.fencingToken(),
                        h.clock.instant()));
        h.clock.advance(Duration.ofMinutes(5));
        h.target().running(V1).defaultTarget(V2);

        Fraisier fraisier = h.fraisier();

        assertThat(fraisier.recovered()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(crashed.id());
            assertThat(d.status()).isEqualTo(DeploymentStatus.INTERRUPTED);
        });
        assertThat(h.store.locks().list()).isEmpty();
        assertThat(fraisier.deploy(h.request())).isInstanceOf(DeploymentOutcome.Succeeded.class);
    }

    @Test
    void build_leavesDeploymentsWithALiveLeaseAlone() {
        Deployment running = h.store
                .deployments()
                .create(
                        new NewDeployment(TARGET, "scripted", Trigger.CLI, null, null, null, null, null, false),
                        h.clock.instant());
        LockLease lease = h.store
                .locks()
                .tryAcquire(TARGET, "host-z:1", running.id(), h.clock.instant(), Duration.ofSeconds(60))
                .orElseThrow();
        h.store
                .deployments()
                .transition(DeploymentUpdate.move(
                        running.id(),
                        DeploymentStatus.PENDING,
                        DeploymentStatus.IN_PROGRESS,
                        lease.fencingToken(),
                        h.clock.instant()));

        assertThat(h.fraisier().recovered()).isEmpty();
        assertThat(h.store.deployments().find(running.id()).orElseThrow().status())
                .isEqualTo(DeploymentStatus.IN_PROGRESS);
    }

    @Test
    void twoThreadsDeployingOneTarget_neverOverlap() throws Exception {
        h.target().running(V1).defaultTarget(V2);
        AtomicBoolean first = new AtomicBoolean(true);
        h.target().duringDeploy(() -> {
            if (first.getAndSet(false)) {
                // hold the target until the other thread is seen waiting for the lock
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (h.sleeper.sleeps().isEmpty() && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        });
        Fraisier fraisier = patientWaiters().build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<DeploymentOutcome>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> fraisier.deploy(h.request().withForce(true))));
            }
            for (Future<DeploymentOutcome> r : results) {
                assertThat(r.get()).isInstanceOf(DeploymentOutcome.Succeeded.class);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(h.target().overlapped()).isFalse();
        List<long[]> intervals = h.target().deployIntervals();
        assertThat(intervals).hasSize(2);
        long[] a = intervals.get(0);
        long[] b = intervals.get(1);
        assertThat(a[1] <= b[0] || b[1] <= a[0])
                .as("deployments ran one after the other")
                .isTrue();
        assertThat(h.sleeper.sleeps()).isNotEmpty();
    }

    @Test
    void deploy_whoseLeaseIsLostDuringASilentHungStep_stopsAtTheNextRenewalNotAtTheTimeout() {
        h.sleeper.realGrace(Duration.ofMillis(20));
        h.target().running(V1).defaultTarget(V2).hang().duringDeploy(() -> {
            h.store.locks().forceRelease(TARGET);
            h.store.locks().tryAcquire(TARGET, "host-b:7", 999, h.clock.instant(), Duration.ofSeconds(60));
        });

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertStoppedFencedBeforeTheLeaseEnded(outcome);
    }

    @Test
    void deploy_whoseLeaseCannotBeRenewed_becauseTheDatabaseIsAway_stopsTheStepBeforeTheLeaseCouldLapse() {
        // before, the renewal's error left the wait: the step ran on, unwatched, and the lock could be taken
        // by the next run once the lease lapsed
        h.sleeper.realGrace(Duration.ofMillis(20));
        h.target().running(V1).defaultTarget(V2).hang().duringDeploy(() -> h.store.down(true));
        h.sleeper.onSleep(d -> {
            if (h.target().calls().contains("interrupted")) {
                h.store.down(false); // back once the step was stopped: the run's end can be recorded
            }
        });

        DeploymentOutcome outcome = h.fraisier().deploy(h.request());

        assertStoppedFencedBeforeTheLeaseEnded(outcome);
    }

    @Test
    void deploy_whenTheDatabaseStopsAnswering_stopsTheStepBeforeTheLeaseCouldLapse() {
        // a black-holed database: the renewal and the cancel check hang instead of failing; before, they
        // held the step's watcher, so the step ran on past the lease (this test timed out)
        h.sleeper.realGrace(Duration.ofMillis(20));
        h.target().running(V1).defaultTarget(V2).hang().duringDeploy(() -> h.store.silent(true));
        Thread answersAgain = Thread.ofPlatform().daemon().start(() -> {
            // the database answers again once the step was stopped, so that the run's end can be recorded
            while (!h.target().calls().contains("interrupted")) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
            h.store.silent(false);
        });
        try {
            DeploymentOutcome outcome = assertTimeoutPreemptively(
                    Duration.ofSeconds(60), () -> h.fraisier().deploy(h.request()));

            assertStoppedFencedBeforeTheLeaseEnded(outcome);
        } finally {
            answersAgain.interrupt();
            h.store.silent(false);
        }
    }

    /** The run ended fenced, its hung step was interrupted, and all of it within the lease (60 s). */
    private void assertStoppedFencedBeforeTheLeaseEnded(DeploymentOutcome outcome) {
        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Failed.class))
                .extracting(DeploymentOutcome.Failed::error)
                .isEqualTo(ErrorCode.FENCED);
        assertThat(h.target().calls()).contains("interrupted");
        assertThat(Duration.between(startOfTests(), h.clock.instant())).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void twoInstancesSharingOneDatabase_takeTurnsOnOneTarget() throws Exception {
        h.target().running(V1).defaultTarget(V2);
        AtomicBoolean first = new AtomicBoolean(true);
        h.target().duringDeploy(() -> {
            if (first.getAndSet(false)) {
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (h.sleeper.sleeps().isEmpty() && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        });
        Fraisier processA = patientWaiters().holderId("host-a:100").build();
        Fraisier processB = patientWaiters().holderId("host-b:200").build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<DeploymentOutcome> a =
                    pool.submit(() -> processA.deploy(h.request().withForce(true)));
            Future<DeploymentOutcome> b =
                    pool.submit(() -> processB.deploy(h.request().withForce(true)));
            assertThat(a.get()).isInstanceOf(DeploymentOutcome.Succeeded.class);
            assertThat(b.get()).isInstanceOf(DeploymentOutcome.Succeeded.class);
        } finally {
            pool.shutdownNow();
        }

        assertThat(h.target().overlapped()).isFalse();
        assertThat(h.store.allDeployments())
                .extracting(Deployment::fencingToken)
                .containsExactlyInAnyOrder(1L, 2L);
    }

    /**
     * For two threads on one manual clock: only the waiting thread advances the clock (each lock poll
     * "sleeps"), so on a slow machine it could run the holder's lease or its own lock_timeout out before the
     * holder, descheduled, finishes a step. A long lease and lock_timeout, and a real millisecond per poll,
     * keep these tests about overlap and turn-taking rather than about the machine's speed.
     */
    private FraisierBuilder patientWaiters() {
        h.env = ConfigFixtures.withTimeouts(h.env, Duration.ofDays(1), h.env.timeout());
        Sleeper patient = d -> {
            h.sleeper.sleep(d);
            Thread.sleep(1);
        };
        return h.builder().lease(Duration.ofDays(30)).sleeper(patient);
    }
}
