package io.fraisier.providers.local;

import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import io.fraisier.providers.host.HostDeploymentProvider;
import io.fraisier.providers.host.LocalHost;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@code local} providers: deployments of a git checkout on the host Fraisier runs on, its
 * commands run as local processes ({@link HostDeploymentProvider} over a {@link LocalHost}). Found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>Thread-safe (stateless).
 */
public final class LocalDeploymentProviderFactory implements DeploymentProviderFactory {
    static final String TYPE = "local";

    @Override
    public String type() {
        return TYPE;
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
        return new HostDeploymentProvider(
                TYPE, context.target(), LocalSettings.from(context.environment()), new LocalHost());
    }
}
