package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.RollbackRequest;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import org.junit.jupiter.api.Test;

/**
 * A webhook request is checked at run time against the branch's head and the running version: hosts
 * sign only the body, so an old push replayed under a new delivery id must not move production back.
 */
class FraisierStalePushTest {
    private static final Version A = Version.of("aaaaaaa");
    private static final Version B = Version.of("bbbbbbb");
    private static final Version C = Version.of("ccccccc");

    private final EngineHarness h = new EngineHarness();
    private final Fraisier fraisier = h.fraisier();

    private DeployRequest push(Version commit) {
        return push("main", commit);
    }

    private DeployRequest push(String branch, Version commit) {
        return h.request().withVersion(commit).by(Trigger.WEBHOOK, "octocat").fromGit(branch, commit.value(), 7L);
    }

    private DeploymentOutcome runNext() {
        return fraisier.runNextQueued("host-a:100/worker-1").orElseThrow();
    }

    private java.util.List<String> events(Deployment d) {
        return h.store.events().list(d.id()).stream()
                .map(io.fraisier.core.model.DeploymentEvent::message)
                .toList();
    }

    /** A, then B pushed and deployed through webhooks; the branch is at B. */
    private void deployedAThenB() {
        h.target().running(null).gitHistory(A, B, C).branchHead("main", A);
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        h.target().branchHead("main", B);
        assertThat(fraisier.deploy(push(B))).isInstanceOf(DeploymentOutcome.Succeeded.class);
    }

    @Test
    void replayOfAnOlderPush_isSkippedAsStale_andTheRunningVersionStays() {
        deployedAThenB();

        DeploymentOutcome replay = fraisier.deploy(push(A));

        assertThat(replay).asInstanceOf(type(DeploymentOutcome.Skipped.class)).satisfies(s -> {
            assertThat(s.reason()).startsWith("stale").contains("no longer the head of branch main");
            assertThat(s.deployment().status()).isEqualTo(DeploymentStatus.SKIPPED);
            assertThat(s.deployment().errorMessage()).startsWith("stale");
        });
        assertThat(replay.exitCode()).isZero();
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value());
        assertThat(h.target().runningVersion()).isEqualTo(B);
        assertThat(h.store.states().find(TARGET).orElseThrow().currentVersion()).isEqualTo(B);
    }

    @Test
    void pushOfAnAncestorOfTheRunningVersion_isStale_evenWhenTheBranchWasMovedBackToIt() {
        deployedAThenB();
        h.target().branchHead("main", A);

        DeploymentOutcome replay = fraisier.deploy(push(A));

        assertThat(replay)
                .asInstanceOf(type(DeploymentOutcome.Skipped.class))
                .extracting(DeploymentOutcome.Skipped::reason)
                .asString()
                .startsWith("stale")
                .contains("ancestor of the running version bbbbbbb");
        assertThat(h.target().runningVersion()).isEqualTo(B);
    }

    @Test
    void pushWhoseBranchNoLongerExists_isStale() {
        deployedAThenB();
        h.target().branchHead("main", null);

        DeploymentOutcome replay = fraisier.deploy(push(C));

        assertThat(replay)
                .asInstanceOf(type(DeploymentOutcome.Skipped.class))
                .extracting(DeploymentOutcome.Skipped::reason)
                .asString()
                .startsWith("stale: branch main no longer exists");
        assertThat(h.target().runningVersion()).isEqualTo(B);
    }

    @Test
    void olderPushThatOutlivedANewerOne_deploysTheBranchHead() {
        // B was pushed after A, but A's request is the one that runs (B's delivery came first and A's
        // superseded it in the queue): what a push to main deploys is main's head
        h.target().running(null).gitHistory(A, B).branchHead("main", B);

        DeploymentOutcome outcome = fraisier.deploy(push(A));

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .satisfies(s -> {
                    assertThat(s.deployment().requestedVersion()).isEqualTo(A);
                    assertThat(s.deployment().newVersion()).isEqualTo(B);
                });
        assertThat(h.target().deployed()).containsExactly(B.value());
        assertThat(h.store.allEvents())
                .anySatisfy(e -> assertThat(e.message()).contains("branch main is at bbbbbbb now: deploying the head"));
    }

    @Test
    void pushOfTheHead_deploysIt() {
        h.target().running(A).gitHistory(A, B).branchHead("main", B);

        assertThat(fraisier.deploy(push(B)))
                .asInstanceOf(type(DeploymentOutcome.Succeeded.class))
                .extracting(DeploymentOutcome.Succeeded::direction)
                .isEqualTo(Version.Direction.CHANGE);
        assertThat(h.target().runningVersion()).isEqualTo(B);
    }

    @Test
    void aDeliberateOlderVersion_throughTheCliOrRollback_isNeverStale() {
        deployedAThenB();

        DeploymentOutcome cli = fraisier.deploy(h.request().withVersion(A).by(Trigger.CLI, "alice"));
        assertThat(cli).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().runningVersion()).isEqualTo(A);

        DeploymentOutcome rollback = fraisier.rollback(new RollbackRequest(TARGET, A, false, "alice"));
        assertThat(rollback).isInstanceOf(DeploymentOutcome.Skipped.class);
        assertThat(rollback.summary()).contains("already up to date");
    }

    @Test
    void aProviderThatCannotTell_deploysWebhookPushesAsBefore() {
        h.target().running(B);

        DeploymentOutcome outcome = fraisier.deploy(push(A));

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().runningVersion()).isEqualTo(A);
    }

    @Test
    void aStaleSkip_doesNotMakeAFailedTargetLookHealthy() {
        deployedAThenB();
        h.target().branchHead("main", C).failAfterSwitch("restart", "exited 1").failHealth(4);
        // C fails and so does the rollback to B: B is checked out, not known healthy
        assertThat(fraisier.deploy(push(C)).exitCode()).isEqualTo(7);
        h.target().branchHead("main", null);
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Skipped.class);

        DeploymentOutcome.Planned plan = fraisier.plan(h.request().withVersion(B));

        assertThat(plan.wouldSkip()).isFalse();
        assertThat(h.store.allDeployments())
                .extracting(Deployment::status)
                .containsExactly(
                        DeploymentStatus.SUCCESS,
                        DeploymentStatus.SUCCESS,
                        DeploymentStatus.ROLLBACK_FAILED,
                        DeploymentStatus.SKIPPED);
    }

    @Test
    void replayThatSupersedesAPushToAnotherBranchOfTheTarget_andIsSkipped_givesItsPlaceBack() {
        // main and release both deploy this target: release's push of B waits in the queue when main's
        // push of A, which runs, is replayed; the replay supersedes B's request and is skipped as up to
        // date (main's head runs), so B's request is queued again and deploys B
        h.target().running(null).gitHistory(A, B).branchHead("main", A).branchHead("release", B);
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        Deployment b = fraisier.enqueue(push("release", B));
        fraisier.enqueue(push(A));

        assertThat(runNext())
                .asInstanceOf(type(DeploymentOutcome.Skipped.class))
                .extracting(DeploymentOutcome.Skipped::reason)
                .isEqualTo("already up to date at aaaaaaa");
        DeploymentOutcome again = runNext();

        assertThat(again).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(events(b)).anySatisfy(m -> assertThat(m).startsWith("queued again as deployment #"));
        assertThat(h.target().deployed()).containsExactly(A.value(), B.value());
        assertThat(fraisier.runNextQueued("host-a:100/worker-1")).isEmpty();
    }

    @Test
    void replayThatSupersededAPush_andCannotRecordItsSkip_stillGivesThePlaceBack() {
        // as above, but the database refuses the skip's final write (it went away, or the run was fenced
        // and another process now owns the row): B's request must be queued again all the same. Before,
        // the place was given back only after that write, so B's push stayed superseded for good: it never
        // deployed, though nothing was ever pushed after it (a kill -9 between the two left the same)
        h.target().running(null).gitHistory(A, B).branchHead("main", A).branchHead("release", B);
        assertThat(fraisier.deploy(push(A))).isInstanceOf(DeploymentOutcome.Succeeded.class);
        Deployment b = fraisier.enqueue(push("release", B));
        Deployment replay = fraisier.enqueue(push(A));
        h.store.failTransitionsTo(
                DeploymentStatus.SKIPPED,
                new io.fraisier.core.error.FraisierException(
                        io.fraisier.core.error.ErrorCode.DATABASE_UNAVAILABLE, "database went away (test)", "wait"));

        try {
            fraisier.runNextQueued("host-a:100/worker-1");
        } catch (RuntimeException expected) {
            // how the run reports a final write that failed is not this test's concern
        }
        h.store.failTransitionsTo(DeploymentStatus.SKIPPED, null);

        assertThat(h.store.deployments().find(replay.id()).orElseThrow().status())
                .as("the replay's row, whose skip was never written")
                .isEqualTo(DeploymentStatus.FAILED);
        assertThat(events(b)).anySatisfy(m -> assertThat(m).startsWith("queued again as deployment #"));
        assertThat(h.store.allDeployments())
                .filteredOn(d -> d.status() == DeploymentStatus.PENDING)
                .singleElement()
                .satisfies(d -> assertThat(d.requestedVersion()).isEqualTo(B));
    }

    @Test
    void coalescedPushes_whoseLastIsUpToDate_queueNothingAgain() {
        // the first request to run deploys main's head C; C's own request, which superseded B's, then finds
        // C running: B's request would be stale, so it is not queued again
        h.target().running(null).gitHistory(A, B, C).branchHead("main", C);
        fraisier.enqueue(push(A));
        Deployment first = h.store
                .queue()
                .claimNext("host-a:100/worker-1", h.clock.instant())
                .orElseThrow();
        Deployment b = fraisier.enqueue(push(B));
        Deployment c = fraisier.enqueue(push(C));
        assertThat(fraisier.runPending(first)).isInstanceOf(DeploymentOutcome.Succeeded.class);

        assertThat(runNext()).isInstanceOf(DeploymentOutcome.Skipped.class);

        assertThat(events(c))
                .contains("this request superseded deployment #" + b.id() + " in the queue; that request is not"
                        + " queued again: stale: bbbbbbb is no longer the head of branch main (now ccccccc),"
                        + " which already runs");
        assertThat(fraisier.runNextQueued("host-a:100/worker-1")).isEmpty();
        assertThat(h.target().deployed()).containsExactly(C.value());
    }
}
