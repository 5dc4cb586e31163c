package io.fraisier.core.config;

import io.fraisier.core.model.Target;
import java.time.Duration;
import java.util.List;
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
 * @param settings the provider's own keys (host, app_path, image, api_token, …); {@code hosts}, when set,
 *     holds the fleet's {@link FleetHost}s
 * @param hooks the executables run around a deployment ({@link Hooks#NONE}: none)
 * @param rollout how a fleet ({@code hosts:}) is rolled out (default {@link Rollout#DEFAULT})
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
        Hooks hooks,
        Rollout rollout) {
    /** The settings key that holds a fleet's hosts. */
    public static final String HOSTS = "hosts";

    /** An environment without hooks, with the default rollout. */
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

    /** An environment with the default rollout (one host, or a fleet rolled out one host at a time). */
    public EnvironmentConfig(
            Target target,
            String provider,
            @Nullable String branch,
            Duration lockTimeout,
            Duration timeout,
            boolean autoRollback,
            HealthCheck healthCheck,
            ProviderSettings settings,
            Hooks hooks) {
        this(
                target,
                provider,
                branch,
                lockTimeout,
                timeout,
                autoRollback,
                healthCheck,
                settings,
                hooks,
                Rollout.DEFAULT);
    }

    public EnvironmentConfig {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(rollout, "rollout");
    }

    /** The hosts of a fleet ({@code hosts:}), in order; empty for an environment of one {@code host:}. */
    public List<FleetHost> fleetHosts() {
        Object v = settings.raw(HOSTS);
        if (v instanceof List<?> l) {
            return l.stream()
                    .filter(FleetHost.class::isInstance)
                    .map(FleetHost.class::cast)
                    .toList();
        }
        return List.of();
    }

    /** Whether this environment lists its hosts with {@code hosts:} (even a list of one). */
    public boolean isFleet() {
        return !fleetHosts().isEmpty();
    }
}
