package io.fraisier.providers.host;

import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.testkit.provider.DeploymentProviderContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider contract's cases that run operator commands (recent logs, a failing step, a hanging step),
 * written once for the host provider whichever way it reaches its host: locally, over in-process SSH or
 * over OpenSSH. A subclass says how to make a provider with some keys overridden and where the test
 * service runs.
 */
public abstract class HostProviderContract extends DeploymentProviderContract {
    /** A provider for the contract's target with {@code overrides} on top of its usual keys. */
    protected abstract DeploymentProvider provider(Duration timeout, Map<String, Object> overrides);

    /** Where the test service keeps its pid, log and installs. */
    protected abstract Path serviceRunDir();

    @Override
    protected Optional<String> logLineAfterDeploy() {
        return Optional.of(HostSteps.INSTALL_LOG_LINE);
    }

    @Override
    protected Optional<DeploymentProvider> newProviderWithFailingStep() {
        return Optional.of(provider(Duration.ofSeconds(60), Map.of("install_command", HostSteps.FAILING)));
    }

    @Override
    protected List<String> failingStepMessage() {
        return HostSteps.FAILING_MESSAGE;
    }

    @Override
    protected Optional<DeploymentProvider> newProviderWithHangingStep() {
        return Optional.of(provider(stepTimeout(), Map.of("restart_command", HostSteps.hanging(serviceRunDir()))));
    }

    @Override
    protected void assertHangingStepKilled() {
        HostSteps.assertHangingStepKilled(serviceRunDir());
    }
}
