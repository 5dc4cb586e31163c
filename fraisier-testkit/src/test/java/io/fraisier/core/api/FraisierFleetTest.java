package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.fraisier.core.config.Rollout;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.RollbackRequest;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.testkit.fake.ConfigFixtures;
import io.fraisier.testkit.fake.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Rollouts of an environment of several hosts, on scripted hosts. */
class FraisierFleetTest {
    private static final Version V1 = Version.of("v1");
    private static final Version V2 = Version.of("v2");
    private static final Version V3 = Version.of("v3");

    private final EngineHarness h = new EngineHarness();

    private Fraisier fleet(Rollout rollout, String... hosts) {
        h.env = ConfigFixtures.asFleet(h.env, rollout, hosts);
        for (String host : hosts) {
            host(host).defaultTarget(V1);
        }
        return h.fraisier();
    }

    private static Rollout rollout(int canary, int batch, int maxUnhealthy) {
        return new Rollout(canary, Rollout.BatchSize.hosts(batch), Duration.ZERO, maxUnhealthy);
    }

    private ScriptedProvider host(String name) {
        return h.providers.host(TARGET, name);
    }

    private DeploymentOutcome deploy(Fraisier fraisier, Version v) {
        return fraisier.deploy(DeployRequest.of(TARGET).withVersion(v));
    }

    private List<String> messages(String step) {
        return h.listener.events().stream()
                .filter(e -> e.step().equals(step))
                .map(DeploymentEvent::message)
                .toList();
    }

    private void assertRunning(Version v, String... hosts) {
        for (String name : hosts) {
            assertThat(host(name).runningVersion()).as(name).isEqualTo(v);
        }
    }

    /** Whether every deploy of {@code later} started after every deploy of {@code earlier} ended. */
    private boolean after(List<String> earlier, List<String> later) {
        long lastEnd = earlier.stream()
                .flatMap(n -> host(n).deployIntervals().stream())
                .mapToLong(i -> i[1])
                .max()
                .orElseThrow();
        long firstStart = later.stream()
                .flatMap(n -> host(n).deployIntervals().stream())
                .mapToLong(i -> i[0])
                .min()
                .orElseThrow();
        return firstStart >= lastEnd;
    }

    @Test
    void deploy_toAFleet_isOneRow_andEveryHostGetsTheVersion_canaryFirst() {
        Fraisier fraisier = fleet(rollout(1, 2, 0), "web1", "web2", "web3");

        DeploymentOutcome outcome = deploy(fraisier, V1);

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertRunning(V1, "web1", "web2", "web3");
        assertThat(h.store.deployments().history(io.fraisier.core.model.HistoryQuery.latest(10)))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCESS);
                    assertThat(d.newVersion()).isEqualTo(V1);
                });
        assertThat(after(List.of("web1"), List.of("web2", "web3"))).isTrue();
        assertThat(messages("plan")).singleElement().asString().contains("[web1] [web2, web3]");
        assertThat(messages("batch")).containsExactly("batch 1/2: web1", "batch 2/2: web2, web3");
        assertThat(messages("switch"))
                .containsExactlyInAnyOrder("web1: switching to v1", "web2: switching to v1", "web3: switching to v1");
        assertThat(messages("fleet").getLast()).isEqualTo("hosts now: web1 at v1, web2 at v1, web3 at v1");
    }

    @Test
    void deploy_whenTheSecondHostIsUnhealthy_rollsBackTheChangedHosts_andLeavesTheRestUntouched() {
        Fraisier fraisier = fleet(rollout(1, 1, 0), "web1", "web2", "web3");
        deploy(fraisier, V2);
        host("web2").unhealthyWhileRunning(V3);

        DeploymentOutcome outcome = deploy(fraisier, V3);

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.RolledBack.class))
                .satisfies(r -> {
                    assertThat(r.error()).isEqualTo(ErrorCode.HEALTH_CHECK_FAILED);
                    assertThat(r.error().exitCode()).isEqualTo(6);
                    assertThat(r.deployment().status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
                    assertThat(r.reason()).contains("web2: health check of v3 failed");
                });
        assertRunning(V2, "web1", "web2", "web3");
        assertThat(host("web1").deployed()).containsExactly("v2", "v3", "v2");
        assertThat(host("web2").deployed()).containsExactly("v2", "v3", "v2");
        assertThat(host("web3").deployed()).as("never touched by v3").containsExactly("v2");
        assertThat(messages("fleet"))
                .contains(
                        "hosts now: web1 at v3, web2 at v2, being changed to v3, web3 at v2",
                        "hosts now: web1 at v3, being rolled back to v2, web2 at v3, being rolled back to v2, web3 at v2");
    }

    @Test
    void recovery_ofARolloutWhoseProcessDied_namesWhichHostRanWhichVersion() {
        Fraisier fraisier = fleet(rollout(1, 2, 0), "web1", "web2", "web3");
        deploy(fraisier, V1);
        // a process that died in batch 2: web1 done, web2 being changed, its lease left to expire
        Deployment crashed = h.store
                .deployments()
                .create(
                        new NewDeployment(TARGET, "scripted", Trigger.CLI, null, V2, null, null, null, false),
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
        h.store
                .events()
                .append(new DeploymentEvent(
                        crashed.id(),
                        h.clock.instant(),
                        "fleet",
                        DeploymentEvent.Level.INFO,
                        "hosts now: web1 at v2, web2 at v1, being changed to v2, web3 at v1, being changed to v2"));
        h.clock.advance(Duration.ofMinutes(5));

        Fraisier restarted = h.fraisier();

        assertThat(restarted.recovered())
                .singleElement()
                .extracting(Deployment::status)
                .isEqualTo(DeploymentStatus.INTERRUPTED);
        assertThat(h.store.events().list(crashed.id()))
                .filteredOn(e -> e.step().equals("recovery"))
                .extracting(DeploymentEvent::message)
                .contains("it stopped with web1 at v2, web2 at v1, being changed to v2, web3 at v1, being changed to"
                        + " v2; check these hosts (`fraisier status`) before deploying again");
        assertThat(h.store.locks().list()).isEmpty();
    }

    @Test
    void deploy_withinMaxUnhealthy_rollsBackTheFailedHostAlone_andGoesOn() {
        Fraisier fraisier = fleet(rollout(0, 1, 1), "web1", "web2", "web3");
        deploy(fraisier, V1);
        host("web2").unhealthyWhileRunning(V2);

        DeploymentOutcome outcome = deploy(fraisier, V2);

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertRunning(V2, "web1", "web3");
        assertRunning(V1, "web2");
        assertThat(messages("done").getLast()).contains("failed within max_unhealthy: web2");
    }

    @Test
    void deploy_whenAHostCannotBeRestored_endsRollbackFailed_namingIt() {
        Fraisier fraisier = fleet(rollout(0, 3, 0), "web1", "web2", "web3");
        deploy(fraisier, V1);
        host("web3").failAfterSwitch("restart", "unit failed").failBeforeSwitch("fetch", "disk full");

        DeploymentOutcome outcome = deploy(fraisier, V2);

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.RollbackFailed.class))
                .satisfies(r -> {
                    assertThat(r.deployment().status()).isEqualTo(DeploymentStatus.ROLLBACK_FAILED);
                    assertThat(ErrorCode.ROLLBACK_FAILED.exitCode()).isEqualTo(7);
                    assertThat(r.rollbackError())
                            .contains("web3: rollback of v1 failed")
                            .doesNotContain("web1");
                });
        assertRunning(V1, "web1", "web2");
    }

    @Test
    void deploy_whenAHostIsUnreachable_failsBeforeAnyChange() {
        Fraisier fraisier = fleet(rollout(0, 1, 0), "web1", "web2", "web3");
        host("web3").unreachable(true);

        assertThatThrownBy(() -> deploy(fraisier, V1)).isInstanceOfSatisfying(FraisierException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
            assertThat(e.code().exitCode()).isEqualTo(5);
            assertThat(e.getMessage()).contains("web3").contains("no host was changed");
        });
        for (String name : List.of("web1", "web2", "web3")) {
            assertThat(host(name).deployed()).as(name).isEmpty();
        }
        assertThat(h.store.deployments().history(io.fraisier.core.model.HistoryQuery.latest(10)))
                .singleElement()
                .extracting(d -> d.status())
                .isEqualTo(DeploymentStatus.FAILED);
    }

    @Test
    void deploy_skipsHostsAlreadyAtAHealthyTarget_andForceRedeploysAll() {
        Fraisier fraisier = fleet(rollout(0, 1, 1), "web1", "web2", "web3");
        deploy(fraisier, V1);
        host("web2").failHealth(4); // every attempt of one health check (3 retries)
        deploy(fraisier, V2); // web2 fails within max_unhealthy and is rolled back to v1
        assertRunning(V1, "web2");

        deploy(fraisier, V2);
        assertThat(host("web1").deployed()).containsExactly("v1", "v2");
        assertThat(host("web2").deployed()).containsExactly("v1", "v2", "v1", "v2");
        assertThat(messages("skip")).contains("web1: already at v2", "web3: already at v2");

        assertThat(deploy(fraisier, V2)).isInstanceOf(DeploymentOutcome.Skipped.class);

        DeploymentOutcome forced =
                fraisier.deploy(DeployRequest.of(TARGET).withVersion(V2).withForce(true));
        assertThat(forced).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(host("web1").deployed()).containsExactly("v1", "v2", "v2");
    }

    @Test
    void deploy_afterARolloutThatDidNotEndHealthy_skipsNoHost() {
        Fraisier fraisier = fleet(rollout(0, 1, 0), "web1", "web2", "web3");
        host("web2").running(V1);

        deploy(fraisier, V1);

        assertThat(host("web2").deployed())
                .as("nothing proved v1 healthy there yet")
                .containsExactly("v1");
    }

    @Test
    void rollback_movesEveryHostBackToThePreviousVersion() {
        Fraisier fraisier = fleet(rollout(1, 2, 0), "web1", "web2", "web3");
        deploy(fraisier, V1);
        deploy(fraisier, V2);

        DeploymentOutcome outcome = fraisier.rollback(RollbackRequest.of(TARGET));

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertRunning(V1, "web1", "web2", "web3");
        assertThat(messages("batch")).contains("batch 2/2: web2, web3");
    }

    @Test
    void percentBatches_runInParallelWithinABatch_andInOrderBetweenBatches() {
        Fraisier fraisier =
                fleet(new Rollout(0, Rollout.BatchSize.percentOf(50), Duration.ZERO, 0), "a", "b", "c", "d");

        deploy(fraisier, V1);

        assertThat(messages("batch")).containsExactly("batch 1/2: a, b", "batch 2/2: c, d");
        assertThat(after(List.of("a", "b"), List.of("c", "d"))).isTrue();
    }

    @Test
    void cancel_duringABatch_finishesIt_startsNoOther_andRollsBackTheChangedHosts() {
        Fraisier fraisier = fleet(rollout(1, 1, 0), "web1", "web2", "web3");
        deploy(fraisier, V1);
        Fraisier other = h.fraisier();
        long[] running = new long[1];
        host("web1").duringDeploy(() -> {
            other.cancel(running[0], "alice@ops1", "wrong build");
            h.clock.advance(Duration.ofSeconds(10)); // past the cancel watch's polling interval
        });
        running[0] = h.store.allDeployments().getLast().id() + 1;

        DeploymentOutcome outcome = deploy(fraisier, V2);

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Cancelled.class))
                .satisfies(c -> {
                    assertThat(c.exitCode()).isEqualTo(130);
                    assertThat(c.deployment().status()).isEqualTo(DeploymentStatus.CANCELLED);
                    assertThat(c.deployment().errorMessage()).contains("alice@ops1", "wrong build", "rolled back web1");
                });
        assertRunning(V1, "web1", "web2", "web3");
        assertThat(host("web2").deployed()).containsExactly("v1");
        assertThat(h.store.locks().list()).isEmpty();
    }

    /** A safety net for the waits of the test below: none of them lasts more than an instant when it works. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("not released within " + PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting to be released", e);
        }
    }

    /**
     * What {@code thread} is parked on ({@link LockSupport#getBlocker}: a {@link FutureTask} while it waits
     * in {@code get()}), once it matches; waits for it, spinning, at most {@link #PATIENCE}.
     */
    private static Object parkedOn(Thread thread, Future<?> run, Predicate<Object> matches) {
        long until = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < until && !run.isDone()) {
            Object blocker = LockSupport.getBlocker(thread);
            if (blocker != null && matches.test(blocker)) {
                return blocker;
            }
            Thread.yield();
        }
        throw new AssertionError("the run " + (run.isDone() ? "ended" : "is " + thread.getState())
                + " instead of waiting as expected; it is at " + List.of(thread.getStackTrace()));
    }

    /**
     * A host whose step finds the lease lost does not end the batch at once: the other hosts' steps are
     * waited for (their providers stay open under them, the row stays {@code in_progress}), and only then
     * the run stops, fenced as for one host. A run that rethrew the lost lease at once would close the
     * fleet's providers under web2's running step (the batch's pool, closed on the way out, would still
     * hold the run's return until that step ended, so the order of ends alone would not show it).
     */
    @Test
    void leaseLostOnOneHost_stillWaitsForTheOtherHostsStep_thenStopsFenced() throws Exception {
        Fraisier fraisier = fleet(rollout(0, 2, 0), "web1", "web2"); // one batch: both hosts at once
        deploy(fraisier, V1);
        int web2Closes = host("web2").closes();
        // web2's step watcher waits this long (real time) for the step before it stops it: a safety net only
        h.sleeper.realGrace(PATIENCE);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch web1InStep = new CountDownLatch(1);
        CountDownLatch web2InStep = new CountDownLatch(1);
        CountDownLatch loseTheLease = new CountDownLatch(1);
        CountDownLatch releaseWeb2 = new CountDownLatch(1);
        host("web1").duringDeploy(() -> {
            web1InStep.countDown();
            await(loseTheLease);
            // the lease is taken over: web1's next step report (a checkpoint) finds it lost
            h.store.locks().forceRelease(TARGET);
            h.clock.advance(Duration.ofSeconds(30));
            h.store.locks().tryAcquire(TARGET, "host-b:7", 999, h.clock.instant(), Duration.ofSeconds(60));
        });
        host("web2").duringDeploy(() -> {
            web2InStep.countDown();
            await(releaseWeb2);
            order.add("web2's step ended; its provider "
                    + (host("web2").closes() > web2Closes ? "was closed under it" : "still open")
                    + "; the row " + h.store.allDeployments().getLast().status().dbValue());
        });
        FutureTask<DeploymentOutcome> run = new FutureTask<>(() -> {
            DeploymentOutcome outcome = deploy(fraisier, V2);
            order.add("the run returned");
            return outcome;
        });
        Thread engine = Thread.ofPlatform().name("fleet-run").daemon().start(run);
        DeploymentOutcome outcome;
        try {
            await(web1InStep);
            await(web2InStep);
            // web1 comes first in the batch: while its step runs, the first step the run waits for is web1's
            Object waitForWeb1 = parkedOn(engine, run, b -> b instanceof Future<?>);
            loseTheLease.countDown();
            // web1 ended on the lost lease and the run took that in: it waits again, on something else (web2's
            // step, as it must; a run that rethrew at once would be closing the fleet's providers by now)
            parkedOn(engine, run, b -> b != waitForWeb1);
            releaseWeb2.countDown();
            outcome = run.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            loseTheLease.countDown();
            releaseWeb2.countDown();
            engine.join(PATIENCE.toMillis());
        }

        assertThat(order)
                .containsExactly("web2's step ended; its provider still open; the row in_progress", "the run returned");
        // as for one host (FraisierLockingTest): stopped fenced, nothing rolled back, the new holder untouched
        assertThat(outcome).asInstanceOf(type(DeploymentOutcome.Failed.class)).satisfies(f -> {
            assertThat(f.error()).isEqualTo(ErrorCode.FENCED);
            assertThat(f.deployment().status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(f.deployment().errorType()).isEqualTo("fenced");
            assertThat(f.reason()).contains("lease").contains("was lost");
        });
        assertThat(host("web1").deployed()).containsExactly("v1", "v2");
        assertThat(host("web2").deployed()).containsExactly("v1", "v2");
        assertThat(host("web2").closes()).isEqualTo(web2Closes + 1);
        assertThat(h.store.locks().find(TARGET))
                .get()
                .extracting(LockLease::holder)
                .isEqualTo("host-b:7");
    }

    @Test
    void pause_waitsBetweenBatches_andAHostThatTurnsUnhealthyMeanwhileStopsTheRollout() {
        Fraisier fraisier =
                fleet(new Rollout(1, Rollout.BatchSize.hosts(2), Duration.ofSeconds(30), 0), "web1", "web2", "web3");
        deploy(fraisier, V1);
        h.sleeper.clear();
        // web1 turns unhealthy while the rollout waits after the canary
        h.sleeper.onSleep(d -> host("web1").failHealth(1));

        DeploymentOutcome outcome = deploy(fraisier, V2);

        assertThat(h.sleeper.sleeps().stream().mapToLong(Duration::toMillis).sum())
                .isEqualTo(30_000);
        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.RolledBack.class))
                .satisfies(r -> assertThat(r.reason()).contains("web1 became unhealthy during the pause"));
        assertRunning(V1, "web1", "web2", "web3");
        assertThat(host("web2").deployed()).containsExactly("v1");
    }

    @Test
    void firstRollout_thatFails_isFailed_asForOneHost_sinceNoHostHasAnythingToGoBackTo() {
        Fraisier fraisier = fleet(rollout(0, 3, 0), "web1", "web2", "web3");
        host("web2").unhealthyWhileRunning(V1);

        DeploymentOutcome outcome = deploy(fraisier, V1);

        assertThat(outcome).asInstanceOf(type(DeploymentOutcome.Failed.class)).satisfies(f -> {
            assertThat(f.deployment().status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(f.exitCode()).isEqualTo(6);
        });
        assertThat(messages("rollback")).anySatisfy(m -> assertThat(m).contains("nothing to roll back to"));
    }

    @Test
    void hooks_runOncePerRollout_preDeployBeforeAnyHost_andAFailingOneChangesNoHost() {
        List<String> ran = new java.util.ArrayList<>();
        int[] preExit = {0};
        io.fraisier.core.spi.HookRunner runner = (call, lines) -> {
            ran.add(call.hook() + " after " + host("web1").deployed().size() + " web1 deploys");
            int exit = call.hook().equals("pre_deploy") ? preExit[0] : 0;
            return new io.fraisier.core.spi.HookRunner.Result(true, exit, false, List.of(), Duration.ofMillis(1), "");
        };
        h.env = ConfigFixtures.withHooks(
                ConfigFixtures.asFleet(h.env, rollout(1, 2, 0), "web1", "web2", "web3"),
                new io.fraisier.core.config.Hooks(
                        java.nio.file.Path.of("/hooks/pre.sh"),
                        java.nio.file.Path.of("/hooks/post.sh"),
                        java.nio.file.Path.of("/hooks/fail.sh"),
                        Duration.ofSeconds(30)));
        Fraisier fraisier = h.builder().hookRunner(runner).build();

        deploy(fraisier, V1);
        assertThat(ran).containsExactly("pre_deploy after 0 web1 deploys", "post_deploy after 1 web1 deploys");

        preExit[0] = 3;
        DeploymentOutcome refused = deploy(fraisier, V2);
        assertThat(refused).isInstanceOf(DeploymentOutcome.Failed.class);
        assertRunning(V1, "web1", "web2", "web3");
    }

    @Test
    void providerTestByHost_testsEachHostOnItsOwn_inTheOrderOfHosts() {
        Fraisier fraisier = fleet(rollout(0, 1, 0), "web1", "web2", "web3");
        host("web2").selfTestResults(List.of(CheckResult.fail("ssh", "connection refused")));

        Map<String, List<CheckResult>> byHost = fraisier.providerTestByHost(h.env);

        assertThat(byHost).containsOnlyKeys("web1", "web2", "web3");
        assertThat(List.copyOf(byHost.keySet())).containsExactly("web1", "web2", "web3");
        assertThat(byHost.get("web2")).singleElement().satisfies(c -> {
            assertThat(c.ok()).isFalse();
            assertThat(c.name()).isEqualTo("ssh");
        });
        assertThat(byHost.get("web1")).allMatch(CheckResult::ok);
        assertThat(byHost.get("web3")).allMatch(CheckResult::ok);
        // the flat list of provider-test is the same checks, each named after its host
        assertThat(fraisier.providerTest(h.env))
                .filteredOn(c -> !c.ok())
                .singleElement()
                .satisfies(c -> assertThat(c.name()).isEqualTo("web2: ssh"));
    }

    // ---- webhook pushes to a fleet: a host signs only the body, so an old push replayed under a new
    // delivery id is as valid as the day it was sent; it must not roll the whole fleet back

    private static final Version A = Version.of("aaaaaaa");
    private static final Version B = Version.of("bbbbbbb");
    private static final Version C = Version.of("ccccccc");
    private static final List<String> TWO = List.of("web1", "web2");

    private DeployRequest push(Version commit) {
        return h.request().withVersion(commit).by(Trigger.WEBHOOK, "octocat").fromGit("main", commit.value(), 7L);
    }

    /** web1 and web2 deploy from one git repository (history A, B, C) whose main is at {@code head}. */
    private void branchHead(Version head) {
        for (String name : TWO) {
            host(name).gitHistory(A, B, C).branchHead("main", head);
        }
    }

    /** Pushes {@code commit} to main (moving main there when {@code git}) and checks it was deployed. */
    private void pushed(Fraisier fraisier, boolean git, Version commit) {
        if (git) {
            branchHead(commit);
        }
        assertThat(fraisier.deploy(push(commit))).isInstanceOf(DeploymentOutcome.Succeeded.class);
    }

    /** The reason of a skip, which must be stored as the row's error message too. */
    private static String skipReason(DeploymentOutcome outcome) {
        assertThat(outcome).isInstanceOf(DeploymentOutcome.Skipped.class);
        DeploymentOutcome.Skipped s = (DeploymentOutcome.Skipped) outcome;
        assertThat(s.deployment().status()).isEqualTo(DeploymentStatus.SKIPPED);
        assertThat(s.deployment().errorMessage()).isEqualTo(s.reason());
        assertThat(outcome.exitCode()).isZero();
        return s.reason();
    }

    private void assertDeployed(Version... versions) {
        for (String name : TWO) {
            assertThat(host(name).deployed())
                    .as(name)
                    .containsExactly(java.util.Arrays.stream(versions)
                            .map(Version::value)
                            .toArray(String[]::new));
        }
    }

    /**
     * On web1 and web2 (deploying from git, or as images that cannot tell heads and ancestry): A's push
     * and B's deployed, then A's push replayed, which must change no host; then a fresh push of C, which
     * must still deploy to both.
     *
     * @return why the replay was skipped
     */
    private String replayOfAAfterB(boolean git) {
        Fraisier fraisier = fleet(rollout(0, 2, 0), "web1", "web2");
        pushed(fraisier, git, A);
        pushed(fraisier, git, B);

        String reason = skipReason(fraisier.deploy(push(A)));

        assertThat(messages("skip")).contains(reason + " (`fraisier deploy --version` deploys it deliberately)");
        assertDeployed(A, B);
        assertThat(h.store.states().find(TARGET).orElseThrow().currentVersion()).isEqualTo(B);
        pushed(fraisier, git, C);
        assertRunning(C, "web1", "web2");
        return reason;
    }

    @Test
    void replayOfAnOlderPush_toAFleet_isSkippedAsStale_noHostMovesBack_andAFreshPushStillDeploys() {
        assertThat(replayOfAAfterB(true))
                .isEqualTo("stale: aaaaaaa is no longer the head of branch main (now bbbbbbb), which already runs");
    }

    @Test
    void replayToAFleetWhoseProvidersCannotTell_isJudgedByItsHistory_andAFreshPushStillDeploys() {
        // images or an API (docker, docker_compose, coolify): no branch heads, no ancestry
        assertThat(replayOfAAfterB(false))
                .startsWith("stale: aaaaaaa (deployment #1) was replaced by bbbbbbb (deployment #2, succeeded ")
                .endsWith("so the target's deployment history decides");
    }

    @Test
    void pushToAFleet_whoseBranchMovedOn_deploysTheHeadToEveryHost() {
        Fraisier fraisier = fleet(rollout(0, 2, 0), "web1", "web2");
        pushed(fraisier, true, A);
        // B and C were pushed; B's request is the one that runs (C's was superseded in the queue)
        branchHead(C);

        assertThat(fraisier.deploy(push(B))).isInstanceOf(DeploymentOutcome.Succeeded.class);

        Deployment row = h.store.allDeployments().getLast();
        assertThat(row.requestedVersion()).isEqualTo(B);
        assertThat(row.newVersion()).isEqualTo(C);
        assertDeployed(A, C);
        assertThat(messages("stale"))
                .containsExactly("the push names bbbbbbb, but branch main is at ccccccc now: deploying the head");
    }

    @Test
    void replayToAFleetWhoseHostsDisagree_isJudgedAgainstTheLastHealthyRollout() {
        // B's rollout succeeded with web2 failed within max_unhealthy (rolled back to A): the hosts run
        // different versions, so none of them is "the" running version; B is the last healthy rollout
        Fraisier fraisier = fleet(rollout(0, 1, 1), "web1", "web2");
        pushed(fraisier, true, A);
        host("web2").failHealth(4);
        pushed(fraisier, true, B);
        assertRunning(A, "web2");
        branchHead(A); // main reset to A

        String reason = skipReason(fraisier.deploy(push(A)));

        assertThat(reason)
                .isEqualTo("stale: aaaaaaa is an ancestor of the running version bbbbbbb (last deployed healthy)");
        assertRunning(B, "web1");
        assertThat(host("web1").deployed()).containsExactly(A.value(), B.value());
    }
}
