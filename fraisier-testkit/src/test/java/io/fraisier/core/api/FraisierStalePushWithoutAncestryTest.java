package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A webhook push replayed to a target whose provider cannot tell branch heads or commit ancestry (images,
 * APIs: {@code docker}, {@code docker_compose}, {@code coolify}; here a scripted provider with no git
 * history) is judged by the target's own deployment history: a push of a commit the target has moved on
 * from is refused as stale, so one captured old request cannot roll production back.
 */
class FraisierStalePushWithoutAncestryTest {
    private static final Version A = Version.of("aaaaaaa");
    private static final Version B = Version.of("bbbbbbb");
    private static final Version C = Version.of("ccccccc");
    private static final String DELIBERATELY = "(`fraisier deploy --version` deploys it deliberately)";

    private final EngineHarness h = new EngineHarness();
    private final Fraisier fraisier = h.fraisier();

    /** A signed push of {@code commit} to {@code branch} as the webhook daemon queues it (null: a tag). */
    private DeployRequest push(@Nullable String branch, Version commit) {
        return h.request().withVersion(commit).by(Trigger.WEBHOOK, "octocat").fromGit(branch, commit.value(), 7L);
    }

    private DeployRequest push(Version commit) {
        return push("main", commit);
    }

    /** Queues {@code request} the way the daemon does (superseding older unstarted ones) and returns its row. */
    private Deployment enqueue(DeployRequest request) {
        return fraisier.enqueue(request);
    }

    /** A queue worker's turn: the oldest pending request that can run, run to its end. */
    private DeploymentOutcome runNext() {
        return fraisier.runNextQueued("host-a:100/worker-1").orElseThrow();
    }

    private DeploymentStatus status(Deployment d) {
        return h.store.deployments().find(d.id()).orElseThrow().status();
    }

    private List<String> events(Deployment d) {
        return h.store.events().list(d.id()).stream()
                .map(io.fraisier.core.model.DeploymentEvent::message)
                .toList();
    }

    /** A, then B pushed to main and deployed; the provider cannot tell heads or ancestry. */
    private long deployedAThenB() {
        assertThat(h.target().runningVersion()).isNull();
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        DeploymentOutcome b = fraisier.deploy(push(B));
        assertThat(b).isInstanceOf(DeploymentOutcome.Succeeded.class);
        return row(b).id();
    }

    /** The row an outcome recorded. */
    private static Deployment row(DeploymentOutcome outcome) {
        return switch (outcome) {
            case DeploymentOutcome.Succeeded s -> s.deployment();
            case DeploymentOutcome.Skipped s -> s.deployment();
            case DeploymentOutcome.Failed f -> f.deployment();
            case DeploymentOutcome.RolledBack r -> r.deployment();
            case DeploymentOutcome.RollbackFailed r -> r.deployment();
            case DeploymentOutcome.Superseded s -> s.deployment();
            case DeploymentOutcome.Cancelled c -> c.deployment();
            case DeploymentOutcome.Planned p -> throw new AssertionError("a plan records no row");
        };
    }

    private Version stateVersion() {
        return h.store.states().find(TARGET).orElseThrow().currentVersion();
    }

    private static DeploymentOutcome.Skipped skipped(DeploymentOutcome outcome) {
        assertThat(outcome).isInstanceOf(DeploymentOutcome.Skipped.class);
        DeploymentOutcome.Skipped s = (DeploymentOutcome.Skipped) outcome;
        assertThat(s.deployment().status()).isEqualTo(DeploymentStatus.SKIPPED);
        assertThat(outcome.exitCode()).isZero();
        return s;
    }

    /** The outcome is a skip as stale, stored and shown as such. */
    private DeploymentOutcome.Skipped stale(DeploymentOutcome outcome) {
        DeploymentOutcome.Skipped s = skipped(outcome);
        assertThat(s.reason()).startsWith("stale: ").endsWith("so the target's deployment history decides");
        assertThat(s.deployment().errorMessage()).isEqualTo(s.reason());
        assertThat(h.store.allEvents())
                .anySatisfy(e -> assertThat(e.message()).isEqualTo(s.reason() + " " + DELIBERATELY));
        return s;
    }

    @Test
    void replayOfAnOlderPush_afterTheTargetMovedOn_isStale_andTheNewerVersionKeepsRunning() {
        long b = deployedAThenB();

        DeploymentOutcome replay = fraisier.deploy(push(A));

        assertThat(stale(replay).reason())
                .startsWith("stale: aaaaaaa (deployment #1) was replaced by bbbbbbb (deployment #" + b + ", succeeded ")
                .contains("the provider cannot tell commit ancestry");
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value());
        assertThat(h.target().runningVersion()).isEqualTo(B);
        assertThat(stateVersion()).isEqualTo(B);

        // a new push still deploys
        assertThat(fraisier.deploy(push(C))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().runningVersion()).isEqualTo(C);
    }

    @Test
    void replayOfTheLatestPush_isAlreadyUpToDate_notStale() {
        deployedAThenB();

        DeploymentOutcome replay = fraisier.deploy(push(B));

        assertThat(skipped(replay).reason()).isEqualTo("already up to date at bbbbbbb");
        assertThat(row(replay).errorMessage()).isNull();
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value());
        assertThat(stateVersion()).isEqualTo(B);
    }

    @Test
    void replayOfTheLatestPush_whoseDeploymentFailed_deploysItAgain() {
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        h.target().failAfterSwitch("restart", "exited 1");
        assertThat(fraisier.deploy(push(B))).isInstanceOf(DeploymentOutcome.RolledBack.class);
        assertThat(h.target().runningVersion()).isEqualTo(A);

        DeploymentOutcome again = fraisier.deploy(push(B));

        assertThat(again).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value(), A.value(), B.value());
        assertThat(stateVersion()).isEqualTo(B);
    }

    @Test
    void replayOfA_afterBFailedAndWasRolledBackToA_isAlreadyUpToDate_notAMove() {
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        h.target().failAfterSwitch("restart", "exited 1");
        assertThat(fraisier.deploy(push(B))).isInstanceOf(DeploymentOutcome.RolledBack.class);

        DeploymentOutcome replay = fraisier.deploy(push(A));

        assertThat(skipped(replay).reason()).isEqualTo("already up to date at aaaaaaa");
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value(), A.value());
        assertThat(h.target().runningVersion()).isEqualTo(A);
        assertThat(stateVersion()).isEqualTo(A);
    }

    @Test
    void replayOfA_afterBFailedAndItsRollbackFailedToo_isStale_theOperatorDecides() {
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        h.target().failAfterSwitch("restart", "exited 1").failHealth(4);
        DeploymentOutcome b = fraisier.deploy(push(B));
        assertThat(b).isInstanceOf(DeploymentOutcome.RollbackFailed.class);

        DeploymentOutcome replay = fraisier.deploy(push(A));

        assertThat(stale(replay).reason())
                .startsWith(
                        "stale: aaaaaaa (deployment #1) was followed by a push of bbbbbbb to branch main (deployment #"
                                + row(b).id() + ", received ");
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value(), A.value());
        assertThat(h.store.allDeployments())
                .extracting(Deployment::status)
                .containsExactly(DeploymentStatus.SUCCESS, DeploymentStatus.ROLLBACK_FAILED, DeploymentStatus.SKIPPED);
    }

    @Test
    void replayOfASupersededPushThatNeverRan_isStale() {
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        Deployment b = enqueue(push(B));
        Deployment c = enqueue(push(C));
        assertThat(fraisier.runNextQueued("host-a:100/worker-1")).get().isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.store.deployments().find(b.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.SUPERSEDED);

        Deployment replay = enqueue(push(B));
        DeploymentOutcome outcome =
                fraisier.runNextQueued("host-a:100/worker-1").orElseThrow();

        assertThat(row(outcome).id()).isEqualTo(replay.id());
        assertThat(stale(outcome).reason())
                .startsWith("stale: bbbbbbb (deployment #" + b.id() + ") was replaced by ccccccc (deployment #" + c.id()
                        + ", succeeded ");
        assertThat(h.target().deployed()).containsExactly(A.value(), C.value());
        assertThat(h.target().runningVersion()).isEqualTo(C);
        assertThat(stateVersion()).isEqualTo(C);
    }

    @Test
    void replayOfAnOlderPush_thatSupersedesTheNewerPushStillQueued_isStale_andTheNewerPushStillRuns() {
        // A then B ran; C was pushed and waits in the queue; A's push replayed now supersedes C's request:
        // the replay must not deploy A, and C's request, which it cancelled, is queued again and runs
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(fraisier.deploy(push(B))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        Deployment c = enqueue(push(C));
        Deployment replay = enqueue(push(A));
        DeploymentOutcome outcome = runNext();

        assertThat(status(c)).isEqualTo(DeploymentStatus.SUPERSEDED);
        assertThat(row(outcome).id()).isEqualTo(replay.id());
        assertThat(stale(outcome).reason()).startsWith("stale: aaaaaaa (deployment #1) was replaced by bbbbbbb");
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value());

        DeploymentOutcome again = runNext();

        assertThat(again).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(row(again).requestedVersion()).isEqualTo(C);
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value(), C.value());
        assertThat(fraisier.runNextQueued("host-a:100/worker-1")).isEmpty();
    }

    @Test
    void replayOfTheRunningVersionsPush_thatSupersedesANewerQueuedPush_givesItsPlaceBack_andTheNewerPushRunsOnce() {
        // A's push runs; meanwhile B is pushed and waits in the queue, and A's push is replayed: queueing the
        // replay supersedes B's request, and the replay is skipped as up to date. B's request is queued
        // again (there is no repository whose head could be deployed instead) and runs, once
        Deployment[] queued = new Deployment[2];
        h.target().duringDeploy(() -> {
            h.target().duringDeploy(null);
            queued[0] = enqueue(push(B));
            queued[1] = enqueue(push(A));
        });
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        Deployment b = queued[0];
        Deployment replay = queued[1];
        assertThat(status(b)).isEqualTo(DeploymentStatus.SUPERSEDED);

        DeploymentOutcome skipped = runNext();

        assertThat(row(skipped).id()).isEqualTo(replay.id());
        assertThat(skipped(skipped).reason()).isEqualTo("already up to date at aaaaaaa");
        DeploymentOutcome again = runNext();
        assertThat(again).isInstanceOf(DeploymentOutcome.Succeeded.class);
        Deployment requeued = row(again);
        assertThat(requeued.id()).isGreaterThan(replay.id());
        assertThat(requeued.trigger()).isEqualTo(Trigger.WEBHOOK);
        assertThat(requeued.triggeredBy()).isEqualTo("octocat");
        assertThat(requeued.requestedVersion()).isEqualTo(B);
        assertThat(requeued.gitBranch()).isEqualTo("main");
        assertThat(requeued.gitCommit()).isEqualTo(B.value());
        assertThat(requeued.webhookEventId()).isEqualTo(7L);
        assertThat(events(requeued))
                .contains("queued again in place of deployment #" + b.id() + ": deployment #" + replay.id()
                        + " superseded it in the queue, and is skipped (already up to date at aaaaaaa)");
        assertThat(events(replay))
                .contains("this request superseded deployment #" + b.id()
                        + " in the queue and is skipped: that request is queued again as deployment #"
                        + requeued.id());
        assertThat(events(b)).contains("queued again as deployment #" + requeued.id());
        assertThat(fraisier.runNextQueued("host-a:100/worker-1")).isEmpty();
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value());
        assertThat(stateVersion()).isEqualTo(B);
    }

    @Test
    void aNewerPushQueuedWhileTheReplayRan_keepsItsPlace_andTheRequeuedOlderPushIsThenStale() {
        // B waits, A's push replayed supersedes it; C is pushed while the replay runs (it finds the replay
        // claimed, so supersedes nothing): C runs before B's request queued again, which is then stale
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        Deployment b = enqueue(push(B));
        enqueue(push(A));
        Deployment replay = h.store
                .queue()
                .claimNext("host-a:100/worker-1", h.clock.instant())
                .orElseThrow();
        Deployment c = enqueue(push(C));
        assertThat(skipped(fraisier.runPending(replay)).reason()).isEqualTo("already up to date at aaaaaaa");

        DeploymentOutcome first = runNext();
        DeploymentOutcome second = runNext();

        assertThat(row(first).id()).isEqualTo(c.id());
        assertThat(first).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(stale(second).reason())
                .startsWith(
                        "stale: bbbbbbb (deployment #" + b.id() + ") was replaced by ccccccc (deployment #" + c.id());
        assertThat(h.target().deployed()).containsExactly(A.value(), C.value());
        assertThat(fraisier.runNextQueued("host-a:100/worker-1")).isEmpty();
    }

    @Test
    void aReplaySupersededByAnotherReplay_isNotQueuedAgain() {
        deployedAThenB();
        assertThat(fraisier.deploy(push(C))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        // B's push replayed, then A's: A's supersedes B's, and both are stale
        Deployment replayOfB = enqueue(push(B));
        Deployment replayOfA = enqueue(push(A));
        assertThat(stale(runNext()).reason()).startsWith("stale: aaaaaaa (deployment #1) was replaced by bbbbbbb");
        assertThat(events(replayOfA))
                .anySatisfy(m -> assertThat(m)
                        .startsWith("this request superseded deployment #" + replayOfB.id()
                                + " in the queue; that request is not queued again: stale: bbbbbbb (deployment #2)"
                                + " was replaced by ccccccc"));
        // C's push replayed twice: the second supersedes the first, which would be skipped the same way
        Deployment once = enqueue(push(C));
        Deployment twice = enqueue(push(C));
        assertThat(skipped(runNext()).deployment().id()).isEqualTo(twice.id());
        assertThat(events(twice))
                .contains("this request superseded deployment #" + once.id()
                        + " in the queue; that request is not queued again: already up to date at ccccccc");

        assertThat(fraisier.runNextQueued("host-a:100/worker-1")).isEmpty();
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value(), C.value());
    }

    @Test
    void aNewerPushThatSupersedesAQueuedOlderOne_runsAlone_asBefore() {
        // the queue's coalescing: only the newest request of a target runs
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        Deployment b = enqueue(push(B));
        enqueue(push(C));

        assertThat(runNext()).isInstanceOf(DeploymentOutcome.Succeeded.class);

        assertThat(status(b)).isEqualTo(DeploymentStatus.SUPERSEDED);
        assertThat(fraisier.runNextQueued("host-a:100/worker-1")).isEmpty();
        assertThat(h.target().deployed()).containsExactly(A.value(), C.value());
    }

    @Test
    void replayOfATagPush_afterANewerTagWasDeployed_isStale() {
        assertThat(fraisier.deploy(push(null, A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        DeploymentOutcome b = fraisier.deploy(push(null, B));
        assertThat(b).isInstanceOf(DeploymentOutcome.Succeeded.class);

        DeploymentOutcome replay = fraisier.deploy(push(null, A));

        assertThat(stale(replay).reason())
                .startsWith("stale: aaaaaaa (deployment #1) was replaced by bbbbbbb (deployment #" + row(b).id()
                        + ", succeeded ");
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value());
        assertThat(h.target().runningVersion()).isEqualTo(B);
        assertThat(stateVersion()).isEqualTo(B);
    }

    @Test
    void replayOfATagPush_afterANewerTagPushWhoseRollbackFailed_isStale() {
        assertThat(fraisier.deploy(push(null, A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        h.target().failAfterSwitch("restart", "exited 1").failHealth(4);
        assertThat(fraisier.deploy(push(null, B))).isInstanceOf(DeploymentOutcome.RollbackFailed.class);

        DeploymentOutcome replay = fraisier.deploy(push(null, A));

        assertThat(stale(replay).reason())
                .startsWith("stale: aaaaaaa (deployment #1) was followed by a tag push of bbbbbbb");
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value(), A.value());
    }

    @Test
    void manyReplaysOfTheLatestPush_doNotPushTheOlderDeploymentOutOfSight() {
        // an attacker who holds old pushes replays the latest one until the older push's rows are past the
        // look-back of all rows: successful deployments are looked through on their own
        deployedAThenB();
        for (int i = 0; i < 60; i++) {
            assertThat(fraisier.deploy(push(B))).isInstanceOf(DeploymentOutcome.Skipped.class);
        }

        DeploymentOutcome replay = fraisier.deploy(push(A));

        assertThat(stale(replay).reason()).startsWith("stale: aaaaaaa (deployment #1) was replaced by bbbbbbb");
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value());
        assertThat(h.target().runningVersion()).isEqualTo(B);
    }

    @Test
    void aPushOlderThanTheLastFiftySuccessfulDeployments_cannotBeJudged_theDocumentedLimit() {
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        List<String> deployed = new ArrayList<>(List.of(A.value()));
        for (int i = 0; i < 50; i++) {
            Version v = Version.of("d" + i);
            assertThat(fraisier.deploy(push(v))).isInstanceOf(DeploymentOutcome.Succeeded.class);
            deployed.add(v.value());
        }
        // one less and the replay is still judged (the 50 newest successes hold A's deployment)
        assertThat(h.store.allDeployments()).hasSize(51);

        DeploymentOutcome replay = fraisier.deploy(push(A));

        assertThat(replay).isInstanceOf(DeploymentOutcome.Succeeded.class);
        deployed.add(A.value());
        assertThat(h.target().deployed()).isEqualTo(deployed);
    }

    @Test
    void aPushJustWithinTheLastFiftySuccessfulDeployments_isStillJudged() {
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        for (int i = 0; i < 49; i++) {
            assertThat(fraisier.deploy(push(Version.of("d" + i)))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        }

        DeploymentOutcome replay = fraisier.deploy(push(A));

        assertThat(stale(replay).reason())
                .startsWith("stale: aaaaaaa (deployment #1) was replaced by d0 (deployment #2");
        assertThat(h.target().runningVersion()).isEqualTo(Version.of("d48"));
    }

    @Test
    void theSameCommitPushedToTwoBranchesOfTheTarget_isNotStale_untilTheTargetMovesOn() {
        // main and release both deploy this target; A is pushed to both
        assertThat(fraisier.deploy(push("main", A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(skipped(fraisier.deploy(push("release", A))).reason()).isEqualTo("already up to date at aaaaaaa");
        assertThat(skipped(fraisier.deploy(push("release", A))).reason()).isEqualTo("already up to date at aaaaaaa");
        assertThat(skipped(fraisier.deploy(push("main", A))).reason()).isEqualTo("already up to date at aaaaaaa");
        DeploymentOutcome b = fraisier.deploy(push("release", B));
        assertThat(b).isInstanceOf(DeploymentOutcome.Succeeded.class);

        DeploymentOutcome replay = fraisier.deploy(push("main", A));

        assertThat(stale(replay).reason())
                .startsWith("stale: aaaaaaa (deployment #1) was replaced by bbbbbbb (deployment #" + row(b).id());
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value());
        assertThat(stateVersion()).isEqualTo(B);
    }

    @Test
    void aFailedPushToAnotherBranchOfTheTarget_doesNotMakeThisBranchsHeadStale() {
        // release's push of B failed and its rollback too: main's A, pushed again, restores the target
        assertThat(fraisier.deploy(push("main", A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        h.target().failAfterSwitch("restart", "exited 1").failHealth(4);
        assertThat(fraisier.deploy(push("release", B))).isInstanceOf(DeploymentOutcome.RollbackFailed.class);

        DeploymentOutcome again = fraisier.deploy(push("main", A));

        assertThat(again).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(stateVersion()).isEqualTo(A);
    }

    @Test
    void anOperatorsDeliberateOlderVersion_isNotUndoneByAReplayOfTheNewerPush() {
        long b = deployedAThenB();
        DeploymentOutcome cli = fraisier.deploy(h.request().withVersion(A).by(Trigger.CLI, "alice"));
        assertThat(cli).isInstanceOf(DeploymentOutcome.Succeeded.class);

        DeploymentOutcome replay = fraisier.deploy(push(B));

        assertThat(stale(replay).reason())
                .startsWith("stale: bbbbbbb (deployment #" + b + ") was replaced by aaaaaaa (deployment #"
                        + row(cli).id() + ", succeeded ");
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value(), A.value());
        assertThat(h.target().runningVersion()).isEqualTo(A);
        assertThat(stateVersion()).isEqualTo(A);

        // the operator goes forward deliberately, or a new push does
        assertThat(fraisier.deploy(h.request().withVersion(B).by(Trigger.CLI, "alice")))
                .isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(fraisier.deploy(push(C))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(stateVersion()).isEqualTo(C);
    }

    @Test
    void aRedeliveryOfAFailedPush_afterAReplayThatWasSkipped_isDeployedAgain() {
        // skipped rows (a replay of what runs, a refused replay) changed nothing and do not count as moves
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        h.target().failAfterSwitch("restart", "exited 1");
        assertThat(fraisier.deploy(push(B))).isInstanceOf(DeploymentOutcome.RolledBack.class);
        assertThat(skipped(fraisier.deploy(push(A))).reason()).isEqualTo("already up to date at aaaaaaa");

        DeploymentOutcome again = fraisier.deploy(push(B));

        assertThat(again).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(stateVersion()).isEqualTo(B);
        // and A's push replayed now is stale, B's redelivered push is up to date
        assertThat(stale(fraisier.deploy(push(A))).reason()).startsWith("stale: aaaaaaa (deployment #1)");
        assertThat(skipped(fraisier.deploy(push(B))).reason()).isEqualTo("already up to date at bbbbbbb");
        assertThat(h.target().runningVersion()).isEqualTo(B);
    }

    @Test
    void anAbbreviatedOrUpperCaseShaInTheHistory_isTheSameCommit() {
        // an operator deployed A by its abbreviation (Coolify takes 7 to 40 hex digits), then B was pushed
        Version fullA = Version.of("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
        Version fullB = Version.of("b1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
        assertThat(fraisier.deploy(
                        h.request().withVersion(Version.of("A1B2C3D")).by(Trigger.CLI, "alice")))
                .isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(fraisier.deploy(push(fullB))).isInstanceOf(DeploymentOutcome.Succeeded.class);

        DeploymentOutcome replay = fraisier.deploy(push(fullA));

        assertThat(stale(replay).reason())
                .startsWith("stale: a1b2c3d4e5f6 (deployment #1) was replaced by b1b2c3d4e5f6 (deployment #2");
        assertThat(h.target().runningVersion()).isEqualTo(fullB);
        // six digits are too few to name a commit: another version, which B's push does not undo
        assertThat(fraisier.deploy(h.request().withVersion(Version.of("b1b2c3")).by(Trigger.CLI, "alice")))
                .isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(stale(fraisier.deploy(push(fullB))).reason())
                .startsWith("stale: b1b2c3d4e5f6 (deployment #2) was replaced by b1b2c3 (deployment #4");
    }

    @Test
    void forcedAndCliRequests_areNeverChecked() {
        deployedAThenB();

        assertThat(fraisier.deploy(push(A).withForce(true))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().runningVersion()).isEqualTo(A);
        assertThat(fraisier.deploy(h.request().withVersion(B).by(Trigger.CLI, "alice")))
                .isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(fraisier.deploy(h.request().withVersion(A).by(Trigger.API, "ci")))
                .isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value(), A.value(), B.value(), A.value());
    }

    @Test
    void aProviderThatCanTell_isNotOverruledByTheHistory() {
        // with a git repository the branch head decides, as before: the head's push deploys it even though
        // the history shows B replaced A (main was reset to A)
        h.target().gitHistory(A, B).branchHead("main", A);
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        h.target().branchHead("main", B);
        assertThat(fraisier.deploy(push(B))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        h.target().gitHistory(B, A).branchHead("main", A);

        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().runningVersion()).isEqualTo(A);
    }
}
