package io.fraisier.providers.compose;

import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import io.fraisier.providers.shell.LocalCommandRunner;
import io.fraisier.providers.ssh.SshConnection;
import io.fraisier.providers.ssh.SshSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Makes {@code docker_compose} providers: compose on this host, or on {@code host:} over one SSH
 * connection per provider (host key always verified). Found with {@link java.util.ServiceLoader}.
 *
 * <p>Thread-safe (stateless).
 */
public final class ComposeDeploymentProviderFactory implements DeploymentProviderFactory {
    @Override
    public String type() {
        return ComposeDeploymentProvider.TYPE;
    }

    @Override
    public String description() {
        return "One service of a Docker Compose project, here or over SSH";
    }

    @Override
    public List<ProviderKey> keys() {
        return ComposeKeys.ALL;
    }

    /**
     * @throws io.fraisier.core.error.FraisierException {@code CONFIG_INVALID} naming the key when a key is
     *     missing or malformed; {@code SECRET_MISSING} when the variable {@code key_passphrase_env} names is
     *     not set
     */
    @Override
    public DeploymentProvider create(ProviderContext context) {
        ComposeSettings settings = ComposeSettings.from(context.environment());
        if (context.environment().settings().has("host")) {
            SshSettings ssh = SshSettings.from(
                    context.environment().settings(), context.env(), Path.of(System.getProperty("user.home")));
            SshConnection connection = new SshConnection(ssh);
            // the remote host's own docker daemon: Fraisier's DOCKER_HOST & co. mean nothing there
            return new ComposeDeploymentProvider(
                    settings, new ComposeCli(settings, connection, Map.of(), " on " + ssh.endpoint()), connection);
        }
        // compose and docker find the daemon through DOCKER_HOST & co.: pass Fraisier's own on, and the tag
        // variable, which the compose file may read from Fraisier's environment (commands inherit nothing else)
        Map<String, String> env = new java.util.LinkedHashMap<>(ComposeCli.dockerEnvironment(context.env()));
        String tag = context.env().get(settings.tagVariable());
        if (tag != null) {
            env.put(settings.tagVariable(), tag);
        }
        return new ComposeDeploymentProvider(settings, new ComposeCli(settings, new LocalCommandRunner(), env), null);
    }
}
