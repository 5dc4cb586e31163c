package io.fraisier.providers.local;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory.ProviderContext;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds local-provider environments for tests, as the config parser would. */
final class LocalTargets {
    static final Target TARGET = Target.of("demo", "test");
    static final String KEY_PATH = "fraises.demo.environments.test";

    private LocalTargets() {}

    static HealthCheck httpCheck(String url) {
        return new HealthCheck(url, null, null, null, Duration.ofSeconds(2), 0, Duration.ofSeconds(1));
    }

    static EnvironmentConfig environment(
            @Nullable String branch, Duration timeout, HealthCheck check, Map<String, Object> settings) {
        return new EnvironmentConfig(
                TARGET,
                "local",
                branch,
                Duration.ofSeconds(300),
                timeout,
                true,
                check,
                new ProviderSettings(KEY_PATH, new LinkedHashMap<>(settings)));
    }

    static DeploymentProvider provider(EnvironmentConfig environment) {
        return new LocalDeploymentProviderFactory()
                .create(new ProviderContext(
                        environment.target(), environment, environment.settings(), Clock.systemUTC(), Map.of()));
    }
}
