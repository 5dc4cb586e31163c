package io.fraisier.testkit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeploymentProvider} must do, run against the provider's real peer (git and this host
 * for {@code local}, an SSH server for {@code bare_metal}, dockerd, Coolify's API…).
 *
 * <p>A subclass prepares a fresh, never-deployed target before each test (a JUnit {@code @BeforeEach} of
 * its own runs after this class's setup) and answers the abstract methods for that target. The contract
 * closes every provider it obtains from {@link #createProvider()}.
 */
public abstract class DeploymentProviderContract {
    private final List<DeploymentProvider> opened = new ArrayList<>();

    /** A new provider for the fresh target of the current test. Called several times per test. */
    protected abstract DeploymentProvider newProvider();

    /**
     * Publishes a new version that deploys and passes {@link #healthCheck()}; it becomes what
     * {@code resolveTarget(null)} answers (the branch head, the default tag…).
     */
    protected abstract Version publishNewVersion();

    /** Publishes a new version that deploys but fails {@link #healthCheck()}; it becomes the newest. */
    protected abstract Version publishBrokenVersion();

    /** A version that is well-formed for this provider but was never published. */
    protected abstract Version unknownVersion();

    /** The target's health check. */
    protected abstract HealthCheck healthCheck();

    /** How long a good deployment may take to answer healthy (services start asynchronously). */
    protected Duration healthyWithin() {
        return Duration.ofSeconds(20);
    }

    /**
     * Whether {@link DeploymentProvider#resolveTarget} can tell that a version does not exist. Providers
     * whose peer cannot be asked beforehand (Coolify's API knows nothing of the repository's commits)
     * answer false; for them an unknown version must instead make {@code deploy} fail naming it.
     */
    protected boolean resolveTargetChecksExistence() {
        return true;
    }

    /** Per-attempt probe timeout. */
    protected Duration probeTimeout() {
        return Duration.ofSeconds(2);
    }

    /**
     * A line that {@link DeploymentProvider#recentLogs} shows once a good version is deployed; empty when
     * the target has no log source, which skips the log case.
     */
    protected Optional<String> logLineAfterDeploy() {
        return Optional.empty();
    }

    /**
     * A new provider for the fresh target whose deployment has a step of the operator's (install,
     * restart…) that fails; empty when the provider runs no such step, which skips the case.
     */
    protected Optional<DeploymentProvider> newProviderWithFailingStep() {
        return Optional.empty();
    }

    /** What the error of {@link #newProviderWithFailingStep()}'s deployment says (each part). */
    protected List<String> failingStepMessage() {
        return List.of();
    }

    /**
     * A new provider for the fresh target whose deployment has a step that never ends on its own, run
     * with a limit of {@link #stepTimeout()}; empty when the provider runs no such step, which skips the
     * case.
     */
    protected Optional<DeploymentProvider> newProviderWithHangingStep() {
        return Optional.empty();
    }

    /** The per-step limit of {@link #newProviderWithHangingStep()}. */
    protected Duration stepTimeout() {
        return Duration.ofSeconds(3);
    }

    /** Asserts that what the hanging step started is gone once its deployment failed. */
    protected void assertHangingStepKilled() {}

    protected final DeploymentProvider createProvider() {
        DeploymentProvider provider = newProvider();
        opened.add(provider);
        return provider;
    }

    @AfterEach
    final void closeProviders() {
        opened.forEach(DeploymentProvider::close);
        opened.clear();
    }

    @Test
    void type_isNamed() {
        assertThat(createProvider().type()).isNotBlank();
    }

    @Test
    void currentVersion_beforeFirstDeploy_isEmpty() {
        publishNewVersion();
        assertThat(createProvider().currentVersion()).isEmpty();
    }

    @Test
    void resolveTarget_withoutVersion_givesNewestPublished() {
        publishNewVersion();
        Version newest = publishNewVersion();
        assertThat(createProvider().resolveTarget(null)).isEqualTo(newest);
    }

    @Test
    void resolveTarget_withPublishedVersion_givesThatVersion() {
        Version older = publishNewVersion();
        publishNewVersion();
        assertThat(createProvider().resolveTarget(older)).isEqualTo(older);
    }

    @Test
    void resolveTarget_withUnknownVersion_throwsNamingTheVersion() {
        publishNewVersion();
        Version unknown = unknownVersion();
        if (resolveTargetChecksExistence()) {
            assertThatThrownBy(() -> createProvider().resolveTarget(unknown))
                    .isInstanceOf(FraisierException.class)
                    .hasMessageContaining(unknown.value());
        } else {
            DeploymentProvider provider = createProvider();
            assertThatThrownBy(() -> provider.deploy(provider.resolveTarget(unknown), StepReporter.NONE))
                    .isInstanceOf(FraisierException.class)
                    .hasMessageContaining(unknown.value());
        }
    }

    @Test
    void deploy_thenCurrentVersion_isTheDeployedVersion() {
        Version v1 = publishNewVersion();
        List<String> steps = new CopyOnWriteArrayList<>();
        DeploymentProvider provider = createProvider();
        provider.deploy(provider.resolveTarget(null), recordingInto(steps));
        assertThat(provider.currentVersion()).contains(v1);
        assertThat(createProvider().currentVersion())
                .as("a new provider sees it too")
                .contains(v1);
        assertThat(steps).as("steps reported").isNotEmpty();
    }

    @Test
    void deploy_sameVersionTwice_isIdempotent() {
        Version v1 = publishNewVersion();
        DeploymentProvider provider = createProvider();
        provider.deploy(v1, StepReporter.NONE);
        provider.deploy(v1, StepReporter.NONE);
        assertThat(provider.currentVersion()).contains(v1);
        assertHealthy(provider);
    }

    @Test
    void deploy_olderVersion_rollsBack() {
        Version v1 = publishNewVersion();
        DeploymentProvider provider = createProvider();
        provider.deploy(v1, StepReporter.NONE);
        Version v2 = publishNewVersion();
        provider.deploy(v2, StepReporter.NONE);
        assertThat(provider.currentVersion()).contains(v2);

        provider.deploy(v1, StepReporter.NONE);

        assertThat(provider.currentVersion()).contains(v1);
        assertHealthy(provider);
    }

    @Test
    void plan_listsSteps_andChangesNothing() {
        Version v1 = publishNewVersion();
        DeploymentProvider provider = createProvider();
        assertThat(provider.plan(null, v1))
                .isNotEmpty()
                .allSatisfy(step -> assertThat(step).isNotBlank());
        assertThat(provider.currentVersion()).isEmpty();

        provider.deploy(v1, StepReporter.NONE);
        Version v2 = publishNewVersion();
        assertThat(provider.plan(v1, v2)).isNotEmpty();
        assertThat(provider.currentVersion()).contains(v1);
    }

    @Test
    void probe_afterGoodDeploy_isHealthy() {
        Version v1 = publishNewVersion();
        DeploymentProvider provider = createProvider();
        provider.deploy(v1, StepReporter.NONE);
        assertHealthy(provider);
    }

    @Test
    void probe_afterBrokenDeploy_isUnhealthy() {
        DeploymentProvider provider = createProvider();
        provider.deploy(publishNewVersion(), StepReporter.NONE);
        assertHealthy(provider);
        Version broken = publishBrokenVersion();

        provider.deploy(broken, StepReporter.NONE);

        assertThat(provider.currentVersion()).contains(broken);
        for (int attempt = 0; attempt < 3; attempt++) {
            ProbeResult result = provider.probe(healthCheck(), probeTimeout());
            assertThat(result.healthy()).as("attempt %d: %s", attempt, result).isFalse();
            assertThat(result.detail()).isNotBlank();
        }
    }

    @Test
    void recentLogs_afterDeploy_showTheServiceLog_withinTheLinesAsked() {
        Optional<String> expected = logLineAfterDeploy();
        assumeTrue(expected.isPresent(), "the target has no log source");
        DeploymentProvider provider = createProvider();
        provider.deploy(publishNewVersion(), StepReporter.NONE);
        assertHealthy(provider);

        List<String> lines = provider.recentLogs(200);

        assertThat(lines).hasSizeLessThanOrEqualTo(200).anyMatch(line -> line.contains(expected.get()));
        assertThat(provider.recentLogs(1)).hasSize(1);
    }

    @Test
    void deploy_whenAStepFails_failsNamingIt_withAHint() {
        Optional<DeploymentProvider> failing = newProviderWithFailingStep();
        assumeTrue(failing.isPresent(), "the provider runs no step of the operator's");
        opened.add(failing.get());
        Version v1 = publishNewVersion();

        assertThatThrownBy(() -> failing.get().deploy(v1, StepReporter.NONE))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
                    assertThat(e.hint()).isNotBlank();
                    assertThat(e.getMessage()).contains(failingStepMessage());
                });
    }

    @Test
    void deploy_whenAStepHangs_killsItAtItsTimeout_andFails() {
        Optional<DeploymentProvider> hanging = newProviderWithHangingStep();
        assumeTrue(hanging.isPresent(), "the provider runs no step of the operator's");
        opened.add(hanging.get());
        Version v1 = publishNewVersion();
        long start = System.nanoTime();

        assertThatThrownBy(() -> hanging.get().deploy(v1, StepReporter.NONE))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
                    assertThat(e.hint()).isNotBlank();
                })
                .hasMessageContaining("timed out");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took)
                .as("bounded by the step's limit (and the other steps), not by the step")
                .isLessThan(stepTimeout().plusSeconds(30));
        assertHangingStepKilled();
    }

    @Test
    void close_twice_isFine() {
        DeploymentProvider provider = createProvider();
        provider.currentVersion();
        provider.close();
        assertThatCode(provider::close).doesNotThrowAnyException();
    }

    @Test
    void selfTest_returnsNamedChecks() {
        publishNewVersion();
        List<CheckResult> checks = createProvider().selfTest();
        assertThat(checks).isNotEmpty().allSatisfy(check -> {
            assertThat(check.name()).isNotBlank();
            assertThat(check.detail()).isNotBlank();
        });
        assertThat(checks).as("a reachable, configured target passes").allMatch(CheckResult::ok);
    }

    /** Probes until healthy or {@link #healthyWithin()} has passed; fails with the last verdict. */
    protected final void assertHealthy(DeploymentProvider provider) {
        long deadline = System.nanoTime() + healthyWithin().toNanos();
        ProbeResult last;
        do {
            last = provider.probe(healthCheck(), probeTimeout());
            if (last.healthy()) {
                return;
            }
            pause();
        } while (System.nanoTime() < deadline);
        assertThat(last.healthy())
                .as("healthy within %s, last: %s", healthyWithin(), last)
                .isTrue();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for health", e);
        }
    }

    private static StepReporter recordingInto(List<String> steps) {
        return (step, message) -> steps.add(step + ": " + message);
    }
}
