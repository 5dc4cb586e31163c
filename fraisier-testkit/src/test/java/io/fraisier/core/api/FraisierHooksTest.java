package io.fraisier.core.api;

import static io.fraisier.core.api.EngineHarness.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.fraisier.core.config.Hooks;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.HookRunner;
import io.fraisier.testkit.fake.ConfigFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The engine's side of {@code hooks:}: when each runs, under the lock, with which variables, what a failure does. */
class FraisierHooksTest {
    private static final Version V1 = Version.of("v1");
    private static final Version V2 = Version.of("v2");
    private static final Path PRE = Path.of("/hooks/pre.sh");
    private static final Path POST = Path.of("/hooks/post.sh");
    private static final Path FAIL = Path.of("/hooks/fail.sh");

    private final EngineHarness h = new EngineHarness();
    private final FakeHooks hooks = new FakeHooks();

    /** Records each call (and whether the target's lock was held), answers with the scripted exit code. */
    private final class FakeHooks implements HookRunner {
        final List<Call> calls = new ArrayList<>();
        final List<Boolean> lockHeld = new ArrayList<>();
        final List<List<String>> providerCallsBefore = new ArrayList<>();
        Map<String, Integer> exitCodes = Map.of();
        boolean timeOut;
        List<String> output = List.of("line one", "line two");
        /** What happens while a hook runs, by hook name (the world changing under it). */
        Map<String, Runnable> meanwhile = Map.of();
        /** The runner's warnings of each hook (a process it left writing to its output). */
        List<String> warnings = List.of();

        @Override
        public Result run(Call call, Consumer<String> lines) {
            calls.add(call);
            meanwhile.getOrDefault(call.hook(), () -> {}).run();
            lockHeld.add(h.store.locks().find(TARGET).isPresent());
            providerCallsBefore.add(h.target().deployed());
            output.forEach(lines);
            return new Result(
                    true,
                    exitCodes.getOrDefault(call.hook(), 0),
                    timeOut,
                    List.of(),
                    Duration.ofMillis(5),
                    "",
                    warnings);
        }

        List<String> hooks() {
            return calls.stream().map(Call::hook).toList();
        }
    }

    private Fraisier fraisier(Hooks configured) {
        h.env = ConfigFixtures.withHooks(h.env, configured);
        return h.builder().hookRunner(hooks).build();
    }

    private static Hooks all() {
        return new Hooks(PRE, POST, FAIL, Duration.ofSeconds(30));
    }

    @Test
    void success_runsPreDeployBeforeTheProviderAndPostDeployAfterTheHealthCheck_bothUnderTheLock() {
        h.target().running(V1).defaultTarget(V2);
        Fraisier fraisier = fraisier(all());

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(hooks.hooks()).containsExactly("pre_deploy", "post_deploy");
        assertThat(hooks.lockHeld).containsExactly(true, true);
        assertThat(hooks.providerCallsBefore.get(0)).isEmpty();
        assertThat(hooks.providerCallsBefore.get(1)).containsExactly("v2");
        assertThat(hooks.calls.get(0).timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(hooks.calls.get(0).script()).isEqualTo(PRE);
        List<String> steps = h.listener.steps();
        assertThat(steps.indexOf("lock")).isLessThan(steps.indexOf("pre_deploy"));
        assertThat(steps.indexOf("pre_deploy")).isLessThan(steps.indexOf("deploy"));
        assertThat(steps.lastIndexOf("health")).isLessThan(steps.indexOf("done"));
        assertThat(steps.indexOf("done")).isLessThan(steps.indexOf("post_deploy"));
        // the status becomes final only once post_deploy ended
        assertThat(h.listener.statuses()).last().isEqualTo(DeploymentStatus.SUCCESS);
    }

    @Test
    void variables_nameTheTargetVersionsDeploymentTriggerAndStatus() {
        h.target().running(V1).defaultTarget(V2);
        Fraisier fraisier = fraisier(all());

        long id = ((DeploymentOutcome.Succeeded) fraisier.deploy(h.request()))
                .deployment()
                .id();

        Map<String, String> pre = hooks.calls.get(0).env();
        assertThat(pre)
                .containsEntry("FRAISIER_FRAISE", "my_api")
                .containsEntry("FRAISIER_ENVIRONMENT", "production")
                .containsEntry("FRAISIER_VERSION", "v2")
                .containsEntry("FRAISIER_OLD_VERSION", "v1")
                .containsEntry("FRAISIER_DEPLOYMENT_ID", Long.toString(id))
                .containsEntry("FRAISIER_TRIGGER", "api")
                .doesNotContainKey("FRAISIER_STATUS");
        assertThat(hooks.calls.get(1).env()).containsEntry("FRAISIER_STATUS", "success");
    }

    @Test
    void failingPreDeploy_endsFailedWithNothingChanged_andRunsOnFailure() {
        h.target().running(V1).defaultTarget(V2);
        hooks.exitCodes = Map.of("pre_deploy", 3);
        Fraisier fraisier = fraisier(all());

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome).asInstanceOf(type(DeploymentOutcome.Failed.class)).satisfies(f -> {
            assertThat(f.error()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
            assertThat(f.error().exitCode()).isEqualTo(6);
            assertThat(f.targetChanged()).isFalse();
            assertThat(f.reason()).contains("pre_deploy hook /hooks/pre.sh exited 3", "nothing was changed");
        });
        assertThat(h.target().deployed()).isEmpty();
        assertThat(h.target().runningVersion()).isEqualTo(V1);
        assertThat(hooks.hooks()).containsExactly("pre_deploy", "on_failure");
        assertThat(hooks.calls.get(1).env()).containsEntry("FRAISIER_STATUS", "failed");
        assertThat(h.listener.steps()).doesNotContain("deploy");
    }

    @Test
    void rolledBackDeployment_runsOnFailureWithItsStatus_notPostDeploy() {
        h.target().running(V1).defaultTarget(V2).unhealthyWhileRunning(V2);
        Fraisier fraisier = fraisier(all());

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.RolledBack.class);
        assertThat(hooks.hooks()).containsExactly("pre_deploy", "on_failure");
        assertThat(hooks.calls.get(1).env())
                .containsEntry("FRAISIER_STATUS", "rolled_back")
                .containsEntry("FRAISIER_VERSION", "v2")
                .containsEntry("FRAISIER_OLD_VERSION", "v1");
        // on_failure ran after the rollback, with the lock held
        assertThat(hooks.providerCallsBefore.get(1)).containsExactly("v2", "v1");
        assertThat(hooks.lockHeld).containsOnly(true);
    }

    @Test
    void failingPostDeploy_isRecordedAsAWarning_andTheDeploymentStillSucceeds() {
        h.target().running(V1).defaultTarget(V2);
        hooks.exitCodes = Map.of("post_deploy", 1);
        Fraisier fraisier = fraisier(all());

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(h.target().runningVersion()).isEqualTo(V2);
        assertThat(h.target().deployed()).containsExactly("v2");
        assertThat(h.listener.events())
                .filteredOn(e -> e.step().equals("post_deploy") && e.level() == DeploymentEvent.Level.WARN)
                .singleElement()
                .extracting(DeploymentEvent::message)
                .asString()
                .contains("exited 1", "last output:\nline one\nline two");
        assertThat(hooks.hooks()).containsExactly("pre_deploy", "post_deploy");
    }

    @Test
    void successWhoseLockIsTakenWhilePostDeployRuns_endsFenced_withoutRunningOnFailureAfterPostDeploy() {
        h.target().running(V1).defaultTarget(V2);
        hooks.meanwhile = Map.of("post_deploy", () -> {
            // an operator released the lock by force and another process took it: the end is refused
            h.store.locks().forceRelease(TARGET);
            h.store
                    .locks()
                    .tryAcquire(TARGET, "host-b:2", 99, h.clock.instant(), Duration.ofMinutes(1))
                    .orElseThrow();
        });
        Fraisier fraisier = fraisier(all());

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Failed.class))
                .extracting(DeploymentOutcome.Failed::error)
                .isEqualTo(ErrorCode.FENCED);
        // post_deploy ran for the success; the target is another run's now, and it did not fail: no on_failure
        assertThat(hooks.hooks()).containsExactly("pre_deploy", "post_deploy");
    }

    @Test
    void successWhoseEndCannotBeWrittenAfterPostDeploy_doesNotRunOnFailureToo() {
        h.target().running(V1).defaultTarget(V2);
        hooks.meanwhile = Map.of("post_deploy", () -> h.store.down(true));
        Fraisier fraisier = fraisier(all());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fraisier.deploy(h.request()))
                .isInstanceOf(io.fraisier.core.error.FraisierException.class);

        // the deployment succeeded and post_deploy said so; the row is left in_progress for recovery
        assertThat(hooks.hooks()).containsExactly("pre_deploy", "post_deploy");
        assertThat(h.target().deployed()).containsExactly("v2");
    }

    @Test
    void timedOutPreDeploy_failsSayingItWasKilled() {
        h.target().running(V1).defaultTarget(V2);
        hooks.timeOut = true;
        hooks.exitCodes = Map.of("pre_deploy", -1);
        Fraisier fraisier = fraisier(new Hooks(PRE, null, null, Duration.ofSeconds(2)));

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Failed.class))
                .extracting(DeploymentOutcome.Failed::reason)
                .asString()
                .contains("did not finish within 2 s: killed with its process tree");
        assertThat(h.target().deployed()).isEmpty();
    }

    @Test
    void hookOutput_reachesListenersAsItComes_andItsEventKeepsOnlyABoundedTail() {
        h.target().running(V1).defaultTarget(V2);
        hooks.output = IntStream.rangeClosed(1, 50).mapToObj(i -> "line " + i).toList();
        Fraisier fraisier = fraisier(new Hooks(PRE, null, null, Hooks.DEFAULT_TIMEOUT));

        long id = ((DeploymentOutcome.Succeeded) fraisier.deploy(h.request()))
                .deployment()
                .id();

        assertThat(h.listener.outputs())
                .filteredOn(l -> l.startsWith("pre_deploy: "))
                .hasSize(50);
        String message = h.store.events().list(id).stream()
                .filter(e -> e.step().equals("pre_deploy") && e.message().contains("exited 0"))
                .findFirst()
                .orElseThrow()
                .message();
        assertThat(message).contains("line 31\n", "line 50").doesNotContain("line 30\n");
        assertThat(message.lines().count()).isEqualTo(21);
    }

    @Test
    void providerStepOutput_reachesListenersButIsNotStored() {
        h.target().running(V1).defaultTarget(V2);
        Fraisier fraisier = fraisier(Hooks.NONE);

        long id = ((DeploymentOutcome.Succeeded) fraisier.deploy(h.request()))
                .deployment()
                .id();

        assertThat(h.listener.outputs()).containsExactly("restart: restarted at v2");
        assertThat(h.store.events().list(id)).noneMatch(e -> e.message().contains("restarted at"));
        assertThat(hooks.calls).isEmpty();
    }

    /**
     * A provider's warning (the local provider's, of a restart command that left a process writing to Fraisier's
     * output) is a WARN event of its step: stored with the deployment, shown to the listeners, scrubbed.
     */
    @Test
    void aProvidersWarning_isStoredAsAWarnEventOfItsStep_scrubbed() {
        h.target().running(V1).defaultTarget(V2).warnOnRestart("left 1 process(es) running, token s3cr3t-value-123");
        long id = deployWithTheTokenInTheEnvironment();

        DeploymentEvent warning = storedEventStartingWith(id, "left 1 process(es)");
        assertThat(warning.step()).isEqualTo("restart");
        assertThat(warning.level()).isEqualTo(DeploymentEvent.Level.WARN);
        assertThat(warning.message()).isEqualTo("left 1 process(es) running, token ***");
        assertThat(h.listener.events())
                .anyMatch(
                        e -> e.level() == DeploymentEvent.Level.WARN && e.step().equals("restart"));
    }

    /** A successful deployment by a Fraisier whose environment holds GITHUB_TOKEN=s3cr3t-value-123; its id. */
    private long deployWithTheTokenInTheEnvironment() {
        Fraisier fraisier = h.builder()
                .environment(Map.of("GITHUB_TOKEN", "s3cr3t-value-123"))
                .hookRunner(hooks)
                .build();
        return ((DeploymentOutcome.Succeeded) fraisier.deploy(h.request()))
                .deployment()
                .id();
    }

    /** A hook that left a process writing to its output: the runner's warning is a WARN event of the hook, stored. */
    @Test
    void aHooksWarning_isStoredAsAWarnEventOfTheHook() {
        h.target().running(V1).defaultTarget(V2);
        hooks.warnings = List.of("[fraisier] warning: `post.sh` left 1 process(es) running that write to its output");
        Fraisier fraisier = fraisier(new Hooks(null, POST, null, Hooks.DEFAULT_TIMEOUT));

        long id = ((DeploymentOutcome.Succeeded) fraisier.deploy(h.request()))
                .deployment()
                .id();

        DeploymentEvent warning = storedEventStartingWith(id, "[fraisier] warning");
        assertThat(warning.step()).isEqualTo("post_deploy");
        assertThat(warning.level()).isEqualTo(DeploymentEvent.Level.WARN);
    }

    /** The one stored event of deployment {@code id} whose message starts with {@code prefix}. */
    private DeploymentEvent storedEventStartingWith(long id, String prefix) {
        List<DeploymentEvent> found = h.store.events().list(id).stream()
                .filter(e -> e.message().startsWith(prefix))
                .toList();
        assertThat(found).as("events starting with %s", prefix).hasSize(1);
        return found.getFirst();
    }

    @Test
    void hookOutputHoldingAConfiguredSecret_isScrubbedBeforeItIsShownOrStored() {
        h.target().running(V1).defaultTarget(V2);
        hooks.output = List.of("token is s3cr3t-value-123");
        h.env = ConfigFixtures.withHooks(h.env, new Hooks(PRE, null, null, Hooks.DEFAULT_TIMEOUT));
        long id = deployWithTheTokenInTheEnvironment();

        assertThat(h.listener.outputs()).containsExactly("pre_deploy: token is ***", "restart: restarted at v2");
        assertThat(h.store.events().list(id)).noneMatch(e -> e.message().contains("s3cr3t"));
        assertThat(h.listener.events()).noneMatch(e -> e.message().contains("s3cr3t"));
    }

    @Test
    void anInterruptWhilePostDeployRuns_stillWritesTheEnd_andLeavesTheInterruptSet() {
        h.target().running(V1).defaultTarget(V2);
        h.env = ConfigFixtures.withHooks(h.env, new Hooks(null, POST, null, Hooks.DEFAULT_TIMEOUT));
        HookRunner interrupted = (call, lines) -> {
            // what LocalCommandRunner does when the thread is interrupted: kill the hook, keep the interrupt
            Thread.currentThread().interrupt();
            throw new io.fraisier.core.error.FraisierException(ErrorCode.INTERRUPTED, "hook killed", null);
        };
        Fraisier fraisier = h.builder().hookRunner(interrupted).build();

        DeploymentOutcome outcome;
        boolean stillInterrupted;
        try {
            outcome = fraisier.deploy(h.request());
        } finally {
            stillInterrupted = Thread.interrupted();
        }

        assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        assertThat(stillInterrupted).isTrue();
        assertThat(h.store.states().find(TARGET).orElseThrow().currentVersion()).isEqualTo(V2);
        assertThat(h.listener.events())
                .anyMatch(e -> e.step().equals("post_deploy") && e.message().contains("did not run to its end"));
    }

    @Test
    void aDeploymentThatFailsOnAnError_runsOnFailureBeforeItsRowEndsFailed() {
        h.target().running(V1).defaultTarget(V2).unreachable(true);
        Fraisier fraisier = fraisier(all());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fraisier.deploy(h.request()))
                .isInstanceOf(io.fraisier.core.error.FraisierException.class);

        assertThat(hooks.hooks()).containsExactly("on_failure");
        assertThat(hooks.lockHeld).containsExactly(true);
        assertThat(hooks.calls.get(0).env()).containsEntry("FRAISIER_STATUS", "failed");
        assertThat(h.listener.statuses()).last().isEqualTo(DeploymentStatus.FAILED);
    }

    @Test
    void withoutAHookRunner_aConfiguredHookFailsTheDeploymentSayingWhatToWire() {
        h.target().running(V1).defaultTarget(V2);
        h.env = ConfigFixtures.withHooks(h.env, new Hooks(PRE, null, null, Hooks.DEFAULT_TIMEOUT));
        Fraisier fraisier = h.builder().hookRunner(HookRunner.NONE).build();

        DeploymentOutcome outcome = fraisier.deploy(h.request());

        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Failed.class))
                .extracting(DeploymentOutcome.Failed::reason)
                .asString()
                .contains("No hook runner", "Fraisier.builder().hookRunner(…)");
        assertThat(h.target().deployed()).isEmpty();
    }
}
