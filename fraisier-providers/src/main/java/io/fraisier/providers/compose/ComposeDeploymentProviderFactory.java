package io.fraisier.providers.compose;

import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.providers.shell.LocalCommandRunner;

/**
 * Makes {@code docker_compose} providers that run compose on this host. Found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>Thread-safe (stateless).
 */
public final class ComposeDeploymentProviderFactory implements DeploymentProviderFactory {
    @Override
    public String type() {
        return ComposeDeploymentProvider.TYPE;
    }

    /**
     * @throws io.fraisier.core.api.FraisierException {@code NOT_AVAILABLE} when {@code host:} asks for
     *     compose over SSH (not in this build yet); {@code CONFIG_INVALID} naming the key when a key is
     *     missing or malformed
     */
    @Override
    public DeploymentProvider create(ProviderContext context) {
        ComposeSettings settings = ComposeSettings.from(context.environment());
        // compose and docker find the daemon through DOCKER_HOST & co.: pass Fraisier's own on
        return new ComposeDeploymentProvider(
                settings,
                new ComposeCli(settings, new LocalCommandRunner(), ComposeCli.dockerEnvironment(context.env())));
    }
}
