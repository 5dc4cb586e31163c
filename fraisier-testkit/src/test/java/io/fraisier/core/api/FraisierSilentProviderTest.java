package io.fraisier.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.Rollout;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Version;
import io.fraisier.testkit.fake.ConfigFixtures;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider whose peer stops answering (a registry in the middle of a pull, a frozen Docker daemon whose
 * socket ignores every read timeout, a git remote behind a black hole) before anything changed, or during a
 * health probe: the run must not hold the target's lock for ever. Before, these calls ran on the run's own
 * thread, unbounded and deaf to `fraisier cancel`, and each of these tests hung.
 */
class FraisierSilentProviderTest {
    private static final Version V1 = Version.of("v1");
    private static final Version V2 = Version.of("v2");

    private final EngineHarness h = new EngineHarness();

    @BeforeEach
    void shortTimeout() {
        h.sleeper.realGrace(Duration.ofMillis(20));
        h.env = ConfigFixtures.withTimeouts(h.env, Duration.ofSeconds(300), Duration.ofSeconds(30));
    }

    private void assertFailedUnreachableWithoutChange(String what) {
        assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> assertThatThrownBy(() -> h.fraisier().deploy(h.request()))
                        .isInstanceOfSatisfying(FraisierException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
                            assertThat(e.getMessage())
                                    .contains(
                                            what,
                                            "with provider scripted",
                                            "did not finish within 30 s",
                                            "nothing was changed");
                            assertThat(e.hint()).contains("fraisier provider-test my_api production");
                        }));
        assertThat(h.target().deployed()).isEmpty();
        assertThat(h.store.locks().list()).isEmpty();
        assertThat(h.store.allDeployments()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(d.errorType()).isEqualTo("provider_unreachable");
        });
    }

    @Test
    void resolvingTheTargetThatNeverAnswers_failsAfterTheTimeout_interruptedAndWithTheLockReleased() {
        h.target().running(V1).defaultTarget(V2).silent("resolveTarget");

        assertFailedUnreachableWithoutChange("resolving the version to deploy");

        assertThat(h.target().calls()).contains("resolveTarget interrupted");
    }

    @Test
    void readingTheRunningVersionThatNeverAnswers_failsAfterTheTimeout() {
        h.target().running(V1).defaultTarget(V2).silent("currentVersion");

        assertFailedUnreachableWithoutChange("reading the running version");

        assertThat(h.target().calls()).contains("currentVersion interrupted");
    }

    @Test
    void aCancelWhileTheTargetIsBeingResolved_isSeen_andNothingIsChanged() {
        h.target().running(V1).defaultTarget(V2).silent("resolveTarget");
        h.env = ConfigFixtures.withTimeouts(h.env, Duration.ofSeconds(300), Duration.ofDays(1));
        Fraisier other = h.fraisier();
        Thread operator = Thread.ofPlatform().daemon().start(() -> {
            while (!h.target().calls().contains("resolveTarget(null)")) {
                Thread.onSpinWait();
            }
            other.cancel(h.store.allDeployments().getFirst().id(), "alice@ops1", "wrong build");
        });

        DeploymentOutcome outcome = assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> h.fraisier().deploy(h.request()));

        operator.interrupt();
        assertThat(outcome)
                .asInstanceOf(type(DeploymentOutcome.Cancelled.class))
                .satisfies(c -> assertThat(c.request().requestedBy()).isEqualTo("alice@ops1"));
        assertThat(h.target().calls()).contains("resolveTarget interrupted");
        assertThat(h.target().deployed()).isEmpty();
        assertThat(h.store.locks().list()).isEmpty();
    }

    @Test
    void aFleetHostWhoseVersionCannotBeRead_orAFleetTargetThatCannotBeResolved_failsAfterTheTimeout() {
        h.env = ConfigFixtures.asFleet(
                h.env, new Rollout(0, Rollout.BatchSize.hosts(1), Duration.ZERO, 0), "web1", "web2");
        h.providers.host(EngineHarness.TARGET, "web1").defaultTarget(V2);
        h.providers.host(EngineHarness.TARGET, "web2").defaultTarget(V2).silent("currentVersion");

        assertFailedUnreachableWithoutChange("reading the running version of host web2");

        h.providers.host(EngineHarness.TARGET, "web2").running(V1);
        h.env = ConfigFixtures.asFleet(
                ConfigFixtures.withTimeouts(
                        ConfigFixtures.environment(EngineHarness.TARGET, "scripted"),
                        Duration.ofSeconds(300),
                        Duration.ofSeconds(30)),
                new Rollout(0, Rollout.BatchSize.hosts(1), Duration.ZERO, 0),
                "web3");
        h.providers.host(EngineHarness.TARGET, "web3").defaultTarget(V2).silent("resolveTarget");
        assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> assertThatThrownBy(() -> h.fraisier().deploy(h.request()))
                        .isInstanceOfSatisfying(
                                FraisierException.class,
                                e -> assertThat(e.getMessage())
                                        .contains("resolving the version to deploy", "did not finish within 30 s")));
        assertThat(h.providers.host(EngineHarness.TARGET, "web3").deployed()).isEmpty();
        assertThat(h.store.locks().list()).isEmpty();
    }

    @Test
    void aHealthProbeThatNeverAnswers_isAnUnhealthyAttempt_theRollbackIsTried_andTheLockReleased() {
        h.env = ConfigFixtures.withHealth(
                h.env,
                new HealthCheck(
                        "http://localhost:8000/health",
                        null,
                        null,
                        null,
                        Duration.ofMillis(200),
                        0,
                        Duration.ofSeconds(2)));
        h.target().running(V1).defaultTarget(V2).silent("probe");

        DeploymentOutcome outcome = assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> h.fraisier().deploy(h.request()));

        // the probe of the rolled-back version does not answer either: an operator must look (exit 7)
        assertThat(outcome).isInstanceOf(DeploymentOutcome.RollbackFailed.class);
        assertThat(outcome.exitCode()).isEqualTo(7);
        assertThat(h.target().deployed()).containsExactly("v2", "v1");
        assertThat(h.target().calls()).contains("probe interrupted");
        assertThat(h.listener.events())
                .anySatisfy(e -> assertThat(e.message()).contains("no answer within 2.2 s", "the probe was stopped"));
        assertThat(h.store.locks().list()).isEmpty();
    }
}
