package io.fraisier.providers.local;

import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import io.fraisier.providers.shell.LocalCommandRunner;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@code local} providers: deployments of a git checkout on the host Fraisier runs on. Found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>Thread-safe (stateless).
 */
public final class LocalDeploymentProviderFactory implements DeploymentProviderFactory {
    @Override
    public String type() {
        return LocalDeploymentProvider.TYPE;
    }

    @Override
    public String description() {
        return "A git checkout on the host Fraisier runs on";
    }

    @Override
    public List<ProviderKey> keys() {
        return LocalKeys.ALL;
    }

    @Override
    public @Nullable String foreignKeyNote(String key) {
        return LocalKeys.foreignKeyNote(key);
    }

    /**
     * @throws io.fraisier.core.error.FraisierException {@code CONFIG_INVALID} naming the key when the
     *     environment's local keys are missing or malformed
     */
    @Override
    public DeploymentProvider create(ProviderContext context) {
        return new LocalDeploymentProvider(
                context.target(), LocalSettings.from(context.environment()), context.clock(), new LocalCommandRunner());
    }
}
