package io.fraisier.metrics;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The availability of one configured environment from its provider's self-test (the checks of {@code
 * fraisier provider-test}), run for each host separately ({@code Fraisier::providerTestByHost}): the
 * environment is available when every check of every host passes. A fleet (an environment with {@code
 * hosts:}) also answers for each host, for {@code fraisier_host_availability}; an environment of one host
 * does not (its {@code fraisier_provider_availability} is that host's). Thread-safe if {@code test} is.
 */
public final class HostSelfTestProbe implements AvailabilityProbe {
    private static final Logger LOG = LoggerFactory.getLogger(HostSelfTestProbe.class);

    private final EnvironmentConfig env;
    private final Function<EnvironmentConfig, Map<String, List<CheckResult>>> test;

    /**
     * @param env the environment probed: its provider is the {@code provider} label, {@code fraise/environment}
     *     the {@code target} label
     * @param test the self-test of each host of an environment by host name ({@code
     *     Fraisier::providerTestByHost}); a FraisierException counts as unavailable
     */
    public HostSelfTestProbe(EnvironmentConfig env, Function<EnvironmentConfig, Map<String, List<CheckResult>>> test) {
        this.env = Objects.requireNonNull(env, "env");
        this.test = Objects.requireNonNull(test, "test");
    }

    @Override
    public String provider() {
        return env.provider();
    }

    @Override
    public String target() {
        return env.target().toString();
    }

    @Override
    public boolean available() {
        return probe().available();
    }

    @Override
    public Answer probe() {
        Map<String, List<CheckResult>> byHost;
        try {
            byHost = test.apply(env);
        } catch (FraisierException e) {
            LOG.info("Provider {} for {}: {}", env.provider(), env.target(), e.getMessage());
            return new Answer(false, Map.of());
        }
        Map<String, Boolean> hosts = new LinkedHashMap<>();
        byHost.forEach((host, checks) -> {
            for (CheckResult check : checks) {
                if (!check.ok()) {
                    LOG.info(
                            "Provider {} for {} on {}: check {} failed: {}",
                            env.provider(),
                            env.target(),
                            host,
                            check.name(),
                            check.detail());
                }
            }
            hosts.put(host, checks.stream().allMatch(CheckResult::ok));
        });
        boolean available = !hosts.isEmpty() && !hosts.containsValue(false);
        return new Answer(available, env.isFleet() ? hosts : Map.of());
    }
}
