package io.fraisier.providers.docker;

import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import java.util.List;

/**
 * Makes {@code docker} providers. Found with {@link java.util.ServiceLoader}.
 *
 * <p>Thread-safe (stateless).
 */
public final class DockerDeploymentProviderFactory implements DeploymentProviderFactory {
    @Override
    public String type() {
        return DockerDeploymentProvider.TYPE;
    }

    @Override
    public String description() {
        return "One container of an image, swapped on each deployment";
    }

    @Override
    public List<ProviderKey> keys() {
        return DockerKeys.ALL;
    }

    /**
     * @throws io.fraisier.core.error.FraisierException {@code CONFIG_INVALID} naming the key when a docker key
     *     is missing or malformed
     */
    @Override
    public DeploymentProvider create(ProviderContext context) {
        return new DockerDeploymentProvider(
                context.target(),
                DockerSettings.from(context.target(), context.environment()),
                DockerClients::connect,
                DockerDeploymentProvider.STOP_GRACE);
    }
}
