package io.fraisier.providers.docker;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.model.Target;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds docker-provider environments for tests, as the config parser would. */
final class DockerTargets {
    static final Target TARGET = Target.of("demo", "test");
    static final String KEY_PATH = "fraises.demo.environments.test";

    private DockerTargets() {}

    static HealthCheck httpCheck(String url) {
        return new HealthCheck(url, null, null, null, Duration.ofSeconds(2), 0, Duration.ofSeconds(1));
    }

    static EnvironmentConfig environment(HealthCheck check, Map<String, Object> settings) {
        return new EnvironmentConfig(
                TARGET,
                "docker",
                null,
                Duration.ofSeconds(300),
                Duration.ofSeconds(120),
                true,
                check,
                new ProviderSettings(KEY_PATH, new LinkedHashMap<>(settings)));
    }

    /** A provider whose old containers get {@code stopGrace} to stop (the factory's is 10 s). */
    static DockerDeploymentProvider provider(EnvironmentConfig environment, Duration stopGrace) {
        return new DockerDeploymentProvider(
                environment.target(),
                DockerSettings.from(environment.target(), environment),
                DockerClients::connect,
                stopGrace);
    }
}
