package io.fraisier.core.internal.engine;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.fleet.FleetTargets;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.DeploymentProviderFactory.ProviderContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The provider factories of one {@code Fraisier} instance, by type. Immutable and thread-safe. */
public final class ProviderRegistry {
    private final Map<String, DeploymentProviderFactory> factories;
    private final Clock clock;
    private final Map<String, String> environment;

    public ProviderRegistry(Collection<DeploymentProviderFactory> factories, Clock clock, Map<String, String> env) {
        Map<String, DeploymentProviderFactory> byType = new LinkedHashMap<>();
        // the first of a type wins, so that instances handed to the builder override discovered ones
        factories.forEach(f -> byType.putIfAbsent(f.type(), f));
        this.factories = Map.copyOf(byType);
        this.clock = clock;
        this.environment = Map.copyOf(env);
    }

    /**
     * A provider for one environment; the caller closes it.
     *
     * @throws FraisierException {@code PROVIDER_UNKNOWN} when no factory makes the environment's type
     */
    public DeploymentProvider open(EnvironmentConfig env) {
        DeploymentProviderFactory factory = factories.get(env.provider());
        if (factory == null) {
            throw unknown(env);
        }
        return factory.create(new ProviderContext(env.target(), env, env.settings(), clock, environment));
    }

    /**
     * The provider's connectivity checks for {@code env}: of each host of a fleet in turn, each check named
     * after its host; a host whose provider cannot even be made fails its own check.
     *
     * @throws FraisierException {@code PROVIDER_UNKNOWN} when no factory makes the environment's type
     */
    public List<CheckResult> selfTest(EnvironmentConfig env) {
        if (!env.isFleet()) {
            try (DeploymentProvider p = open(env)) {
                return p.selfTest();
            }
        }
        List<CheckResult> out = new ArrayList<>();
        selfTestByHost(env).forEach((host, checks) -> {
            for (CheckResult c : checks) {
                out.add(new CheckResult(host + ": " + c.name(), c.ok(), c.detail()));
            }
        });
        return out;
    }

    /**
     * The provider's connectivity checks for each host of {@code env} separately, by host name ({@link
     * FleetTargets.HostTarget#name()}) in the order of {@code hosts:}; one entry, named by its {@code host}
     * (else the target), when it is no fleet. A host whose provider cannot be made has one failed check,
     * {@code provider}, saying why; the other hosts are still tested.
     *
     * @throws FraisierException {@code PROVIDER_UNKNOWN} when no factory makes the environment's type
     */
    public Map<String, List<CheckResult>> selfTestByHost(EnvironmentConfig env) {
        Map<String, List<CheckResult>> out = new LinkedHashMap<>();
        for (FleetTargets.HostTarget h : FleetTargets.of(env)) {
            try (DeploymentProvider p = open(h.environment())) {
                out.put(h.name(), List.copyOf(p.selfTest()));
            } catch (FraisierException e) {
                if (e.code() == ErrorCode.PROVIDER_UNKNOWN) {
                    throw e;
                }
                out.put(h.name(), List.of(CheckResult.fail("provider", e.getMessage())));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private FraisierException unknown(EnvironmentConfig env) {
        String found = factories.isEmpty()
                ? "none"
                : String.join(", ", factories.keySet().stream().sorted().toList());
        return new FraisierException(
                ErrorCode.PROVIDER_UNKNOWN,
                "No provider of type '" + env.provider() + "' for " + env.target() + " (key "
                        + env.settings().keyPath() + ".provider); provider types found: " + found + ".",
                "Provider types are added by the fraisier-providers artifact (local, bare_metal, docker,"
                        + " docker_compose, coolify): put it on the class path, or hand a DeploymentProviderFactory"
                        + " to Fraisier.builder().provider(…).");
    }
}
