package io.fraisier.testkit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.HealthCheck;
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
     * the target has no log source (its recent logs must then be empty).
     */
    protected Optional<String> logLineAfterDeploy() {
        return Optional.empty();
    }

    /** Registers {@code provider} to be closed after the test, and returns it. */
    protected final DeploymentProvider closedAfterTest(DeploymentProvider provider) {
        opened.add(provider);
        return provider;
    }

    protected final DeploymentProvider createProvider() {
        DeploymentProvider provider = newProvider();
        opened.add(provider);
        return provider;
    }

    /**
     * Closes every provider this contract handed out. Runs after each test; but JUnit runs a subclass's own
     * {@code @AfterEach} methods before this one, so a subclass whose {@code @AfterEach} stops the target (a
     * server the providers talk to) calls this first: a provider closed after its target is gone cannot
     * clean up what it made there.
     */
    @AfterEach
    protected final void closeProviders() {
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
        DeploymentProvider provider = createProvider();
        provider.deploy(publishNewVersion(), StepReporter.NONE);
        assertHealthy(provider);

        List<String> lines = provider.recentLogs(200);

        assertThat(lines).hasSizeLessThanOrEqualTo(200);
        if (expected.isPresent()) {
            assertThat(lines).anyMatch(line -> line.contains(expected.get()));
            assertThat(provider.recentLogs(1)).hasSize(1);
        } else {
            assertThat(lines).as("a target without a log source shows no lines").isEmpty();
        }
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
