package io.fraisier.providers.baremetal;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.DeploymentProviderFactory.ProviderContext;
import io.fraisier.providers.host.HostDeploymentProvider;
import io.fraisier.providers.host.SshHost;
import io.fraisier.providers.ssh.SshConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds bare-metal environments for tests, as the config parser would. */
final class BareMetalTargets {
    static final Target TARGET = Target.of("demo", "test");
    static final String KEY_PATH = "fraises.demo.environments.test";

    private BareMetalTargets() {}

    static HealthCheck httpCheck(String url) {
        return new HealthCheck(url, null, null, null, Duration.ofSeconds(2), 0, Duration.ofSeconds(1));
    }

    static EnvironmentConfig environment(Duration timeout, HealthCheck check, Map<String, Object> settings) {
        return new EnvironmentConfig(
                TARGET,
                "bare_metal",
                "main",
                Duration.ofSeconds(300),
                timeout,
                true,
                check,
                new ProviderSettings(KEY_PATH, new LinkedHashMap<>(settings)));
    }

    static HostDeploymentProvider provider(EnvironmentConfig environment, Map<String, String> env) {
        return (HostDeploymentProvider) new BareMetalDeploymentProviderFactory()
                .create(new ProviderContext(
                        environment.target(), environment, environment.settings(), Clock.systemUTC(), env));
    }

    /** The SSH connection of a {@code bare_metal} provider. */
    static SshConnection connection(HostDeploymentProvider provider) {
        return ((SshHost) provider.host()).connection();
    }
}
