package io.fraisier.core.internal.engine;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.fleet.FleetTargets;
import io.fraisier.core.internal.fleet.FleetTargets.HostTarget;
import io.fraisier.core.internal.fleet.RolloutPlan;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.HostStatus;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * What a fleet ({@code hosts:}) looks like without changing it: the plan of {@code --dry-run} (each host's
 * version and the batches) and each host's version and health for {@code status}. Asks the hosts in
 * parallel; writes nothing. Thread-safe (stateless apart from its services).
 */
final class FleetPreview {
    private final EngineServices services;

    FleetPreview(EngineServices services) {
        this.services = services;
    }

    /**
     * The plan of a rollout: the batches, then each host's steps.
     *
     * @throws FraisierException the first host's error when a host cannot be asked
     */
    DeploymentOutcome.Planned plan(EnvironmentConfig env, @Nullable Version requested, boolean force) {
        List<HostTarget> hosts = FleetTargets.of(env);
        Map<HostTarget, DeploymentProvider> opened = new LinkedHashMap<>();
        try {
            for (HostTarget h : hosts) {
                opened.put(h, services.providers().open(h.environment()));
            }
            Map<HostTarget, @Nullable Version> current = new LinkedHashMap<>();
            for (HostTarget h : hosts) {
                current.put(
                        h, askOrThrow(h, () -> opened.get(h).currentVersion().orElse(null)));
            }
            HostTarget first = hosts.getFirst();
            Version target = Objects.requireNonNull(opened.get(first)).resolveTarget(requested);
            KnownVersion known = KnownVersion.of(services.store(), env.target());
            List<HostTarget> todo = hosts.stream()
                    .filter(h -> force || !known.upToDate(current.get(h), target))
                    .toList();
            RolloutPlan<HostTarget> plan = RolloutPlan.of(todo, env.rollout());
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < plan.batches().size(); i++) {
                steps.add("batch " + (i + 1) + "/" + plan.batches().size() + ": "
                        + String.join(
                                ", ",
                                plan.batches().get(i).stream()
                                        .map(HostTarget::name)
                                        .toList()));
            }
            for (HostTarget h : hosts) {
                Version now = current.get(h);
                if (!todo.contains(h)) {
                    steps.add(h.name() + ": at " + target + " already, skipped");
                    continue;
                }
                for (String step : opened.get(h).plan(now, target)) {
                    steps.add(h.name() + " (running " + (now == null ? "nothing" : now.shortForm()) + "): " + step);
                }
            }
            Version old = current.get(first);
            Version.Direction direction = old == null ? Version.Direction.INITIAL : old.directionTo(target);
            return new DeploymentOutcome.Planned(
                    env.target(), env.provider(), old, target, direction, steps, todo.isEmpty());
        } finally {
            opened.values().forEach(FleetPreview::closeQuietly);
        }
    }

    /** Each host's version and one health probe, asked in parallel; a host that cannot be asked says why. */
    List<HostStatus> status(EnvironmentConfig env) {
        List<HostTarget> hosts = FleetTargets.of(env);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HostStatus>> asked = new ArrayList<>();
            for (HostTarget h : hosts) {
                asked.add(pool.submit(() -> hostStatus(h)));
            }
            List<HostStatus> out = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                try {
                    out.add(asked.get(i).get());
                } catch (ExecutionException e) {
                    out.add(new HostStatus(hosts.get(i).name(), null, null, DeploymentEngine.describe(e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.add(new HostStatus(hosts.get(i).name(), null, null, "interrupted"));
                }
            }
            return out;
        }
    }

    private HostStatus hostStatus(HostTarget h) {
        try (DeploymentProvider p = services.providers().open(h.environment())) {
            Version running = p.currentVersion().orElse(null);
            HealthCheck check = h.environment().healthCheck();
            ProbeResult health = check.isConfigured() ? p.probe(check, check.timeout()) : null;
            return new HostStatus(h.name(), running, health, null);
        } catch (FraisierException e) {
            return new HostStatus(h.name(), null, null, e.getMessage());
        }
    }

    private interface Ask {
        @Nullable
        Version get();
    }

    private static @Nullable Version askOrThrow(HostTarget h, Ask ask) {
        try {
            return ask.get();
        } catch (FraisierException e) {
            throw new FraisierException(e.code(), h.name() + ": " + e.getMessage(), e.hint());
        }
    }

    private static void closeQuietly(DeploymentProvider p) {
        try {
            p.close();
        } catch (RuntimeException e) {
            // close() must not throw
        }
    }
}
