package io.fraisier.providers.coolify;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/** Builds coolify environments and providers for tests, as the config parser and factory would. */
final class CoolifyTargets {
    static final Target TARGET = Target.of("demo", "paas");
    static final String KEY_PATH = "fraises.demo.environments.paas";
    static final String TOKEN = "tok-3f9a-SECRET-c0ffee";
    static final String APP = "app-uuid-1";

    private CoolifyTargets() {}

    static HealthCheck noHealthCheck() {
        return new HealthCheck(null, null, null, null, Duration.ofSeconds(2), 0, Duration.ofSeconds(1));
    }

    static HealthCheck httpCheck(String url) {
        return new HealthCheck(url, null, null, null, Duration.ofSeconds(2), 0, Duration.ofSeconds(1));
    }

    static EnvironmentConfig environment(String apiUrl, Duration timeout, HealthCheck check) {
        return environment(
                Map.of("api_url", apiUrl, "api_token", Secret.of(TOKEN), "application_uuid", APP), timeout, check);
    }

    static EnvironmentConfig environment(Map<String, Object> settings, Duration timeout, HealthCheck check) {
        return new EnvironmentConfig(
                TARGET,
                "coolify",
                null,
                Duration.ofSeconds(300),
                timeout,
                true,
                check,
                new ProviderSettings(KEY_PATH, new LinkedHashMap<>(settings)));
    }

    static CoolifyDeploymentProvider provider(
            String apiUrl, Duration timeout, Sleeper sleeper, Clock clock, @Nullable OkHttpClient client) {
        return new CoolifyDeploymentProvider(
                CoolifySettings.from(environment(apiUrl, timeout, noHealthCheck())),
                client == null ? CoolifyDeploymentProviderFactory.client() : client,
                sleeper,
                clock);
    }
}
