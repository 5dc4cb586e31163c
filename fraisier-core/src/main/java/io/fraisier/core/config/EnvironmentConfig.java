package io.fraisier.core.config;

import io.fraisier.core.model.Target;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One environment of a fraise, with {@code defaults:} already applied.
 *
 * @param target fraise and environment names
 * @param provider provider type: {@code bare_metal}, {@code local}, {@code docker},
 *     {@code docker_compose} or {@code coolify}
 * @param branch the git branch it follows (may be null)
 * @param lockTimeout how long to wait for the target's lock (default 300 s)
 * @param timeout the whole deployment's limit (default 600 s)
 * @param autoRollback roll back on its own when the deployment breaks the service (default true)
 * @param healthCheck the health policy
 * @param settings the provider's own keys (host, app_path, image, api_token, …)
 * @param hooks the executables run around a deployment ({@link Hooks#NONE}: none)
 */
public record EnvironmentConfig(
        Target target,
        String provider,
        @Nullable String branch,
        Duration lockTimeout,
        Duration timeout,
        boolean autoRollback,
        HealthCheck healthCheck,
        ProviderSettings settings,
        Hooks hooks) {
    /** An environment without hooks. */
    public EnvironmentConfig(
            Target target,
            String provider,
            @Nullable String branch,
            Duration lockTimeout,
            Duration timeout,
            boolean autoRollback,
            HealthCheck healthCheck,
            ProviderSettings settings) {
        this(target, provider, branch, lockTimeout, timeout, autoRollback, healthCheck, settings, Hooks.NONE);
    }

    public EnvironmentConfig {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(hooks, "hooks");
    }
}
