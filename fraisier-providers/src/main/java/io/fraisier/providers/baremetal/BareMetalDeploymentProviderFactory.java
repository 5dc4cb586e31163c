package io.fraisier.providers.baremetal;

import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import io.fraisier.providers.host.HostDeploymentProvider;
import io.fraisier.providers.host.SshHost;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes {@code bare_metal} providers: deployments of a git checkout on a host reached over SSH
 * ({@link HostDeploymentProvider} over an {@link SshHost}). Found with {@link java.util.ServiceLoader}.
 * Each provider opens its SSH connection on first use.
 *
 * <p>Thread-safe (stateless).
 */
public final class BareMetalDeploymentProviderFactory implements DeploymentProviderFactory {
    static final String TYPE = "bare_metal";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "A git checkout on a server reached over SSH";
    }

    @Override
    public List<ProviderKey> keys() {
        return BareMetalKeys.ALL;
    }

    /**
     * @throws io.fraisier.core.error.FraisierException {@code CONFIG_INVALID} naming the key when the
     *     environment's keys are missing or malformed; {@code SECRET_MISSING} when the variable
     *     {@code key_passphrase_env} names is not set
     */
    @Override
    public DeploymentProvider create(ProviderContext context) {
        BareMetalSettings settings =
                BareMetalSettings.from(context.environment(), context.env(), Path.of(System.getProperty("user.home")));
        return new HostDeploymentProvider(TYPE, context.target(), settings.host(), new SshHost(settings.ssh()));
    }
}
