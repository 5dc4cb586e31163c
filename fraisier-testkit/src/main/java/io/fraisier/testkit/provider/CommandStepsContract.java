package io.fraisier.testkit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The provider contract plus the cases of providers that run the operator's own commands as deployment
 * steps ({@code install_command}, {@code restart_command}…): a step that fails names itself, its exit
 * status and its output, with a hint; a step that hangs is killed at its limit, with what it started.
 * Providers without such steps (a container image, a PaaS API) pass {@link DeploymentProviderContract}
 * alone, so no case is ever skipped.
 */
public abstract class CommandStepsContract extends DeploymentProviderContract {
    /** A new provider for the fresh target whose deployment has a step of the operator's that fails. */
    protected abstract DeploymentProvider newProviderWithFailingStep();

    /** What the error of {@link #newProviderWithFailingStep()}'s deployment says (each part). */
    protected abstract List<String> failingStepMessage();

    /**
     * A new provider for the fresh target whose deployment has a step that never ends on its own, run with
     * a limit of {@link #stepTimeout()}.
     */
    protected abstract DeploymentProvider newProviderWithHangingStep();

    /** Asserts that what the hanging step started is gone once its deployment failed. */
    protected abstract void assertHangingStepKilled();

    /** The per-step limit of {@link #newProviderWithHangingStep()}. */
    protected Duration stepTimeout() {
        return Duration.ofSeconds(3);
    }

    @Test
    void deploy_whenAStepFails_failsNamingIt_withAHint() {
        DeploymentProvider failing = closedAfterTest(newProviderWithFailingStep());
        Version v1 = publishNewVersion();

        assertThatThrownBy(() -> failing.deploy(v1, StepReporter.NONE))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
                    assertThat(e.hint()).isNotBlank();
                    assertThat(e.getMessage()).contains(failingStepMessage());
                });
    }

    @Test
    void deploy_whenAStepHangs_killsItAtItsTimeout_andFails() {
        DeploymentProvider hanging = closedAfterTest(newProviderWithHangingStep());
        Version v1 = publishNewVersion();
        long start = System.nanoTime();

        assertThatThrownBy(() -> hanging.deploy(v1, StepReporter.NONE))
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
}
