package io.fraisier.testkit.fake;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraiseConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.GitConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.Hooks;
import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.config.WebhookConfig;
import io.fraisier.core.model.Target;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Configuration records built directly (no YAML), with the documented defaults. */
public final class ConfigFixtures {
    private ConfigFixtures() {}

    /** An HTTP check with the defaults: 5 s timeout, {@code retries} retries, 2 s interval. */
    public static HealthCheck httpCheck(int retries) {
        return new HealthCheck(
                "http://localhost:8000/health",
                null,
                null,
                null,
                Duration.ofSeconds(5),
                retries,
                Duration.ofSeconds(2));
    }

    public static HealthCheck noCheck() {
        return new HealthCheck(null, null, null, null, Duration.ofSeconds(5), 3, Duration.ofSeconds(2));
    }

    /** An environment with the defaults: lock_timeout 300 s, timeout 600 s, auto_rollback on, 3 retries. */
    public static EnvironmentConfig environment(Target target, String provider) {
        return new EnvironmentConfig(
                target,
                provider,
                "main",
                Duration.ofSeconds(300),
                Duration.ofSeconds(600),
                true,
                httpCheck(3),
                ProviderSettings.empty("fraises." + target.fraise() + ".environments." + target.environment()));
    }

    public static EnvironmentConfig withHealth(EnvironmentConfig e, HealthCheck check) {
        return new EnvironmentConfig(
                e.target(),
                e.provider(),
                e.branch(),
                e.lockTimeout(),
                e.timeout(),
                e.autoRollback(),
                check,
                e.settings(),
                e.hooks());
    }

    public static EnvironmentConfig withAutoRollback(EnvironmentConfig e, boolean on) {
        return new EnvironmentConfig(
                e.target(),
                e.provider(),
                e.branch(),
                e.lockTimeout(),
                e.timeout(),
                on,
                e.healthCheck(),
                e.settings(),
                e.hooks());
    }

    public static EnvironmentConfig withTimeouts(EnvironmentConfig e, Duration lockTimeout, Duration timeout) {
        return new EnvironmentConfig(
                e.target(),
                e.provider(),
                e.branch(),
                lockTimeout,
                timeout,
                e.autoRollback(),
                e.healthCheck(),
                e.settings(),
                e.hooks());
    }

    /** The environment with these {@code hooks:}. */
    public static EnvironmentConfig withHooks(EnvironmentConfig e, Hooks hooks) {
        return new EnvironmentConfig(
                e.target(),
                e.provider(),
                e.branch(),
                e.lockTimeout(),
                e.timeout(),
                e.autoRollback(),
                e.healthCheck(),
                e.settings(),
                hooks);
    }

    /** A configuration holding these environments (fraises of type {@code api}), no database block. */
    public static FraisierConfig config(EnvironmentConfig... environments) {
        Map<String, Map<String, EnvironmentConfig>> byFraise = new LinkedHashMap<>();
        for (EnvironmentConfig e : environments) {
            byFraise.computeIfAbsent(e.target().fraise(), f -> new LinkedHashMap<>())
                    .put(e.target().environment(), e);
        }
        Map<String, FraiseConfig> fraises = new LinkedHashMap<>();
        byFraise.forEach((name, envs) -> fraises.put(name, new FraiseConfig(name, "api", null, envs)));
        return new FraisierConfig(
                null,
                null,
                new GitConfig(null, Map.of()),
                WebhookConfig.defaults(),
                MetricsConfig.defaults(),
                Map.<String, List<Target>>of(),
                fraises);
    }
}
