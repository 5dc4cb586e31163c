package io.fraisier.core.internal.fleet;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FleetHost;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.config.ProviderSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An environment of several hosts as one environment per host: the environment's provider keys with
 * the host's own in their place (and no {@code hosts}), and {@code {host}} in the health check replaced
 * by the host's name. An environment of one {@code host:} is a fleet of one: itself. Pure.
 *
 * <p>Thread-safe (stateless).
 */
public final class FleetTargets {
    /** What a fleet's health check writes where each host's name goes. */
    public static final String PLACEHOLDER = "{host}";

    private FleetTargets() {}

    /**
     * One host of a fleet and the environment a provider for it is opened with.
     *
     * @param name the host's name, as events and {@code status} show it
     * @param environment the environment with this host's keys
     */
    public record HostTarget(String name, EnvironmentConfig environment) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The hosts of {@code env}, in the order listed; one (named by its {@code host}, if any) when it is no fleet. */
    public static List<HostTarget> of(EnvironmentConfig env) {
        List<FleetHost> hosts = env.fleetHosts();
        if (hosts.isEmpty()) {
            String name = env.settings().string("host").orElse(env.target().toString());
            return List.of(new HostTarget(name, env));
        }
        List<HostTarget> out = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            out.add(new HostTarget(hosts.get(i).name(), forHost(env, hosts.get(i), i)));
        }
        return List.copyOf(out);
    }

    private static EnvironmentConfig forHost(EnvironmentConfig env, FleetHost host, int index) {
        Map<String, Object> values = new LinkedHashMap<>(env.settings().values());
        values.remove(EnvironmentConfig.HOSTS);
        values.putAll(host.keys());
        ProviderSettings settings = new ProviderSettings(
                KeyPaths.item(KeyPaths.child(env.settings().keyPath(), EnvironmentConfig.HOSTS), index), values);
        HealthCheck h = env.healthCheck();
        HealthCheck health = new HealthCheck(
                substitute(h.url(), host.host()),
                substitute(h.tcp(), host.host()),
                substitute(h.command(), host.host()),
                h.expectStatus(),
                h.timeout(),
                h.retries(),
                h.interval());
        return new EnvironmentConfig(
                env.target(),
                env.provider(),
                env.branch(),
                env.lockTimeout(),
                env.timeout(),
                env.autoRollback(),
                health,
                settings,
                env.hooks(),
                env.rollout());
    }

    private static @Nullable String substitute(@Nullable String text, String host) {
        return text == null ? null : text.replace(PLACEHOLDER, host);
    }
}
