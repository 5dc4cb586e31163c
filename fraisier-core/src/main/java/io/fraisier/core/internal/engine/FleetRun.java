package io.fraisier.core.internal.engine;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.fleet.FleetTargets;
import io.fraisier.core.internal.fleet.FleetTargets.HostTarget;
import io.fraisier.core.internal.fleet.RolloutPlan;
import io.fraisier.core.internal.fleet.UnhealthyBudget;
import io.fraisier.core.internal.health.HealthPolicy;
import io.fraisier.core.internal.health.HealthVerdict;
import io.fraisier.core.internal.locking.LeaseKeeper;
import io.fraisier.core.internal.locking.LeaseLostException;
import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One rollout of an environment of several hosts ({@code hosts:}) from {@code in_progress} to its
 * terminal status, with the environment's lock held: every host's version is read first (a host that
 * cannot be reached fails the rollout before anything changes), then the hosts not at the target are
 * deployed in the batches of {@link RolloutPlan} (each batch in parallel, each host health-checked),
 * and when more hosts fail than {@code max_unhealthy} allows the rollout stops and every host it changed
 * is rolled back, in parallel. Each event names its host; after every batch a {@code fleet} event says
 * which host runs which version, so that a rollout cut short (kill -9) still says where it stopped.
 *
 * <p>A webhook push that is not forced is judged once the versions are read and the target resolved,
 * before any host changes, as for one host ({@link StalePush}, and {@link PushHistory} where the provider
 * cannot tell): a stale push is skipped ({@code stale: …}) and no host moves; when the branch moved on to
 * a head that does not run yet, every host gets the head. Branch heads and ancestry are asked of the first
 * host's provider: the hosts of a fleet deploy one repository and branch, so any of them can answer, and
 * the first is also the one that resolves the target. What runs, for the judgement, is the version all
 * hosts run when they agree; when they differ (a host failed within {@code max_unhealthy} and was rolled
 * back, a host added since) or one runs nothing, it is unknown, and the push is judged against the version
 * of the environment's last healthy rollout ({@link KnownVersion}) and the history.
 *
 * <p>Driven by one thread; the hosts of a batch are worked on by threads of its own that only record
 * events and renew the (thread-safe) lease.
 */
final class FleetRun extends LockedRunBase {
    /** The step of the events that say which host runs which version. */
    static final String FLEET_STEP = "fleet";

    /** How the events that say which host runs which version begin. */
    static final String POSITIONS = "hosts now: ";

    private final Map<String, DeploymentProvider> providers = new ConcurrentHashMap<>();
    // the cancel watch is looked at before each batch; the hooks run once per rollout (not per host)
    // host → what it runs, as far as this run knows ("unknown" once a step failed and it could not tell)
    private final Map<String, String> positions = new ConcurrentHashMap<>();

    FleetRun(EngineServices services, EnvironmentConfig env, LeaseKeeper keeper, Deployment started) {
        super(services, env, keeper, started);
    }

    /**
     * An operator's {@code fraisier cancel}, seen between batches (a batch in flight is finished): the hosts
     * changed so far are rolled back (with {@code auto_rollback}) and the row ends {@code cancelled}.
     */
    private DeploymentOutcome cancelled(
            CancelRequest request,
            List<HostTarget> changed,
            Map<HostTarget, @Nullable Version> current,
            ExecutorService pool)
            throws InterruptedException {
        recorder().warn(row, "cancel", "cancel requested " + request.describe() + ": no further batch is started");
        String what;
        if (changed.isEmpty()) {
            what = "; no host was changed";
        } else if (!env.autoRollback()) {
            what = "; auto_rollback is off: " + names(changed) + " are left as they are";
        } else {
            List<String> notRestored = restore(changed, current, pool);
            recordPositions();
            what = notRestored.isEmpty()
                    ? "; rolled back " + names(changed)
                    : "; could not restore " + String.join("; ", notRestored);
        }
        Deployment d = finishCancelled(request, null, what);
        return new DeploymentOutcome.Cancelled(d, request, null);
    }

    @Override
    public DeploymentOutcome execute() throws InterruptedException {
        List<HostTarget> hosts = FleetTargets.of(env);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                return rollout(hosts, pool);
            } finally {
                providers.values().forEach(FleetRun::closeQuietly);
                providers.clear();
            }
        }
    }

    private DeploymentOutcome rollout(List<HostTarget> hosts, ExecutorService pool) throws InterruptedException {
        keeper.checkpoint();
        recorder().info(row, FLEET_STEP, "rolling out to " + hosts.size() + " host(s): " + names(hosts));
        Map<HostTarget, @Nullable Version> current = readVersions(hosts, pool);
        DeploymentProvider first = providers.get(hosts.getFirst().name());
        DeploymentProvider resolver = Objects.requireNonNull(first);
        Version resolved = Objects.requireNonNull(
                bounded("resolving the version to deploy", () -> resolver.resolveTarget(row.requestedVersion())));
        Version old = current.get(hosts.getFirst());
        resolvedOld = old;
        resolvedTarget = resolved;
        services.store().deployments().recordVersions(row.id(), old, resolved);
        recordPositions();
        KnownVersion known = KnownVersion.of(services.store(), row.target());
        // a webhook push is judged as for one host, before any host changes (see the class description)
        Version agreed = agreed(current);
        StalePush.Verdict verdict = pushToJudge()
                ? Objects.requireNonNull(bounded(
                        "checking that the push is not stale", () -> judgePush(resolver, agreed, known, resolved)))
                : new StalePush.Verdict(null, resolved);
        if (verdict.refusal() != null) {
            return refusedAsStale(verdict.refusal(), old, resolved);
        }
        Version target = verdict.deploy();
        // as for one host: a host is skipped only when it has the target and the environment's last
        // rollout ended healthy at it (a killed or failed one may have left the target checked out, unproven)
        List<HostTarget> todo = new ArrayList<>();
        for (HostTarget h : hosts) {
            if (row.force() || !known.upToDate(current.get(h), target)) {
                todo.add(h);
            } else {
                recorder().info(row, "skip", h.name() + ": already at " + target);
            }
        }
        if (todo.isEmpty()) {
            String reason = "already up to date at " + target + " on every host";
            recorder().info(row, "skip", reason + " (--force deploys it again)");
            return skipped(reason, old, target, target, null);
        }
        String preDeploy = hooks.preDeploy(row, old, target);
        if (preDeploy != null) {
            return failed(ErrorCode.DEPLOYMENT_FAILED, preDeploy + "; no host was changed", false, old, target);
        }
        RolloutPlan<HostTarget> plan = RolloutPlan.of(todo, env.rollout());
        recorder()
                .info(
                        row,
                        "plan",
                        "deploying " + target + " to " + todo.size() + " host(s) in "
                                + plan.batches().size()
                                + " batch(es): " + plan.describe() + " (max_unhealthy "
                                + env.rollout().maxUnhealthy()
                                + ")");
        UnhealthyBudget budget = new UnhealthyBudget(env.rollout().maxUnhealthy());
        List<HostTarget> changed = new ArrayList<>();
        List<HostTarget> deployed = new ArrayList<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        ErrorCode firstCode = null;
        for (int i = 0; i < plan.batches().size(); i++) {
            List<HostTarget> batch = plan.batches().get(i);
            if (i > 0 && env.rollout().pause().isPositive()) {
                HostFailure watched = pauseAndWatch(deployed, pool);
                if (watched != null) {
                    reasons.put(watched.host().name(), watched.reason());
                    firstCode = firstCode == null ? watched.code() : firstCode;
                    if (budget.fail(watched.host().name())) {
                        return stop(changed, current, reasons, firstCode, old, target, pool);
                    }
                }
            }
            CancelRequest cancelRequest = cancel.poll().orElse(null);
            if (cancelRequest != null) {
                return cancelled(cancelRequest, changed, current, pool);
            }
            recorder()
                    .info(
                            row,
                            "batch",
                            "batch " + (i + 1) + "/" + plan.batches().size() + ": " + names(batch));
            markChanging(batch, current, target);
            Map<HostTarget, HostFailure> failures =
                    onEach(batch, pool, h -> deployAndCheck(h, "deploy", target, current.get(h)));
            boolean stop = false;
            for (HostTarget h : batch) {
                HostFailure f = failures.get(h);
                if (f == null) {
                    changed.add(h);
                    deployed.add(h);
                    continue;
                }
                if (f.changed()) {
                    changed.add(h);
                }
                reasons.put(h.name(), f.reason());
                firstCode = firstCode == null ? f.code() : firstCode;
                stop |= budget.fail(h.name());
            }
            recordPositions();
            if (stop) {
                return stop(changed, current, reasons, firstCode, old, target, pool);
            }
            for (HostTarget h : batch) {
                HostFailure f = failures.get(h);
                if (f != null) {
                    recorder()
                            .warn(
                                    row,
                                    "rollout",
                                    h.name() + " failed (" + budget.failed().size() + " of "
                                            + env.rollout().maxUnhealthy() + " allowed): the rollout goes on");
                    if (f.changed() && env.autoRollback() && current.get(h) != null) {
                        restore(List.of(h), current, pool);
                        changed.remove(h);
                        recordPositions();
                    }
                }
            }
        }
        if (!budget.failed().isEmpty()) {
            String message = "deployed " + target + "; host(s) failed within max_unhealthy: "
                    + String.join(", ", budget.failed());
            recorder().warn(row, "done", message);
        } else {
            recorder().info(row, "done", "deployed " + target + " to " + names(todo));
        }
        Version.Direction direction = old == null ? Version.Direction.INITIAL : old.directionTo(target);
        return new DeploymentOutcome.Succeeded(
                finish(DeploymentStatus.SUCCESS, old, target, target, null, null), direction);
    }

    /**
     * What the fleet runs, as a webhook push is judged: the version every host runs when they all agree;
     * else null (unknown), and the push is judged by what the environment's last healthy rollout deployed
     * ({@link KnownVersion}) and, where the provider cannot tell, by the history.
     */
    private static @Nullable Version agreed(Map<HostTarget, @Nullable Version> current) {
        Set<@Nullable Version> versions = new HashSet<>(current.values());
        return versions.size() == 1 ? versions.iterator().next() : null;
    }

    /** What each host runs; a host that cannot be reached stops the rollout before anything changed. */
    private Map<HostTarget, @Nullable Version> readVersions(List<HostTarget> hosts, ExecutorService pool)
            throws InterruptedException {
        Map<HostTarget, Future<@Nullable Version>> asked = new LinkedHashMap<>();
        for (HostTarget h : hosts) {
            asked.put(h, pool.submit(() -> {
                DeploymentProvider p = services.providers().open(h.environment());
                providers.put(h.name(), p);
                return bounded(
                        "reading the running version of host " + h.name(),
                        () -> p.currentVersion().orElse(null));
            }));
        }
        Map<HostTarget, @Nullable Version> out = new LinkedHashMap<>();
        List<String> unreachable = new ArrayList<>();
        ErrorCode code = null;
        for (Map.Entry<HostTarget, Future<@Nullable Version>> e : asked.entrySet()) {
            try {
                Version v = e.getValue().get();
                out.put(e.getKey(), v);
                positions.put(e.getKey().name(), v == null ? "nothing" : v.toString());
            } catch (ExecutionException failed) {
                Throwable t = failed.getCause();
                if (t instanceof LeaseLostException lost) {
                    throw lost;
                }
                code = code != null
                        ? code
                        : t instanceof FraisierException fe ? fe.code() : ErrorCode.PROVIDER_UNREACHABLE;
                unreachable.add(e.getKey().name() + " (" + DeploymentEngine.describe(t) + ")");
            }
        }
        if (!unreachable.isEmpty()) {
            String message = "could not read the version of " + String.join(", ", unreachable)
                    + " before anything changed; no host was changed";
            recorder().error(row, FLEET_STEP, message);
            throw new FraisierException(
                    code,
                    message,
                    "Fix the host(s) named (or remove them from hosts:) and deploy again; `fraisier provider-test "
                            + row.target().fraise() + " " + row.target().environment() + "` checks them.");
        }
        return out;
    }

    /** Waits {@code pause} renewing the lease, then probes the hosts deployed so far once each. */
    private @Nullable HostFailure pauseAndWatch(List<HostTarget> deployed, ExecutorService pool)
            throws InterruptedException {
        Duration pause = env.rollout().pause();
        recorder().info(row, "pause", "waiting " + pause.toSeconds() + " s, then checking " + names(deployed));
        Duration left = pause;
        Duration slice =
                services.renewEvery().compareTo(CancelWatch.POLL) < 0 ? services.renewEvery() : CancelWatch.POLL;
        while (left.isPositive()) {
            Duration step = left.compareTo(slice) < 0 ? left : slice;
            services.sleeper().sleep(step);
            keeper.checkpoint();
            left = left.minus(step);
        }
        Map<HostTarget, HostFailure> failed = onEach(deployed, pool, h -> {
            HostTarget host = h;
            if (!host.environment().healthCheck().isConfigured()) {
                return null;
            }
            DeploymentProvider p = Objects.requireNonNull(providers.get(host.name()));
            ProbeResult result = p.probe(
                    host.environment().healthCheck(),
                    host.environment().healthCheck().timeout());
            recorder().healthAttempt(row, result);
            if (result.healthy()) {
                return null;
            }
            String reason = host.name() + " became unhealthy during the pause: " + result.detail();
            recorder().error(row, "health", reason);
            return new HostFailure(host, ErrorCode.HEALTH_CHECK_FAILED, reason, true);
        });
        return failed.values().stream().findFirst().orElse(null);
    }

    /** Stops the rollout: rolls back every host it changed, in parallel, and ends the row. */
    private DeploymentOutcome stop(
            List<HostTarget> changed,
            Map<HostTarget, @Nullable Version> current,
            Map<String, String> reasons,
            @Nullable ErrorCode code,
            @Nullable Version old,
            Version target,
            ExecutorService pool)
            throws InterruptedException {
        ErrorCode cause = code == null ? ErrorCode.DEPLOYMENT_FAILED : code;
        String reason = "rollout stopped: more than " + env.rollout().maxUnhealthy() + " host(s) failed: "
                + reasons.entrySet().stream().map(e -> e.getValue()).collect(Collectors.joining("; "));
        recorder().error(row, "rollout", reason);
        if (changed.isEmpty()) {
            recorder().info(row, "rollback", "no host was changed: nothing to roll back");
            return failed(cause, reason, false, old, target);
        }
        if (!env.autoRollback()) {
            recorder()
                    .warn(
                            row,
                            "rollback",
                            "auto_rollback is off: " + names(changed) + " are left as the rollout left them");
            return failed(cause, reason, true, old, target);
        }
        List<HostTarget> firstTime =
                changed.stream().filter(h -> current.get(h) == null).toList();
        if (firstTime.size() == changed.size()) {
            // as for one host: a first deployment has nothing to roll back to
            recorder()
                    .warn(
                            row,
                            "rollback",
                            "nothing to roll back to: this was the first deployment of " + names(changed));
            return failed(cause, reason, true, old, target);
        }
        List<String> notRestored = restore(changed, current, pool);
        recordPositions();
        if (notRestored.isEmpty()) {
            recorder().info(row, "rollback", "rolled back " + names(changed) + ", all healthy");
            Deployment d = finish(DeploymentStatus.ROLLED_BACK, old, target, old, cause.id(), reason);
            return new DeploymentOutcome.RolledBack(d, cause, reason, old == null ? target : old);
        }
        String why = "could not restore " + String.join("; ", notRestored);
        recorder()
                .error(
                        row,
                        "rollback",
                        "ROLLBACK FAILED, operator action required: " + why + " (" + positionsText() + ")");
        Deployment d = finish(
                DeploymentStatus.ROLLBACK_FAILED,
                old,
                target,
                null,
                ErrorCode.ROLLBACK_FAILED.id(),
                reason + "; " + why);
        return new DeploymentOutcome.RollbackFailed(d, cause, reason, why);
    }

    /** Rolls {@code hosts} back to what each ran before, in parallel; the hosts that could not be, with why. */
    private List<String> restore(
            List<HostTarget> hosts, Map<HostTarget, @Nullable Version> current, ExecutorService pool)
            throws InterruptedException {
        recorder().warn(row, "rollback", "rolling back " + names(hosts));
        for (HostTarget h : hosts) {
            positions.put(
                    h.name(), positions.getOrDefault(h.name(), "unknown") + ", being rolled back to " + current.get(h));
        }
        recordPositions();
        Map<HostTarget, HostFailure> failures = onEach(hosts, pool, h -> {
            Version before = current.get(h);
            if (before == null) {
                // a host first deployed by this rollout, among hosts that ran something: it cannot be
                // put back as it was, and the operator must know
                String reason = h.name() + ": nothing to roll back to (this was its first deployment)";
                recorder().warn(row, "rollback", reason);
                return new HostFailure(h, ErrorCode.ROLLBACK_FAILED, reason, true);
            }
            return deployAndCheck(h, "rollback", before, resolvedTarget);
        });
        List<String> out = new ArrayList<>();
        for (HostTarget h : hosts) {
            HostFailure f = failures.get(h);
            if (f != null) {
                out.add(f.reason());
            }
        }
        return out;
    }

    /** Why one host failed, and whether it may have changed. */
    private record HostFailure(HostTarget host, ErrorCode code, String reason, boolean changed) {}

    /** One host's work in a batch: null when it went well. */
    @FunctionalInterface
    private interface HostWork {
        @Nullable
        HostFailure run(HostTarget host) throws InterruptedException;
    }

    /**
     * Runs {@code work} on every host at once and waits for all; a lost lease or an interrupt of any of
     * them is rethrown here, after all have ended.
     */
    private Map<HostTarget, HostFailure> onEach(List<HostTarget> hosts, ExecutorService pool, HostWork work)
            throws InterruptedException {
        Map<HostTarget, Future<@Nullable HostFailure>> running = new LinkedHashMap<>();
        for (HostTarget h : hosts) {
            running.put(h, pool.submit(() -> work.run(h)));
        }
        Map<HostTarget, HostFailure> out = new LinkedHashMap<>();
        RuntimeException rethrow = null;
        InterruptedException interrupted = null;
        for (Map.Entry<HostTarget, Future<@Nullable HostFailure>> e : running.entrySet()) {
            try {
                HostFailure f = e.getValue().get();
                if (f != null) {
                    out.put(e.getKey(), f);
                }
            } catch (InterruptedException ie) {
                running.values().forEach(f -> f.cancel(true));
                interrupted = ie;
            } catch (ExecutionException failed) {
                Throwable t = failed.getCause();
                if (t instanceof LeaseLostException lost) {
                    rethrow = lost;
                } else if (t instanceof InterruptedException ie) {
                    interrupted = ie;
                } else {
                    String reason = e.getKey().name() + ": " + DeploymentEngine.describe(t);
                    recorder().error(row, "deploy", reason);
                    out.put(e.getKey(), new HostFailure(e.getKey(), codeOf(t), reason, true));
                }
            }
        }
        if (interrupted != null) {
            throw interrupted;
        }
        if (rethrow != null) {
            throw rethrow;
        }
        return out;
    }

    /** Deploys {@code version} on one host and runs its health check; null when both passed. */
    private @Nullable HostFailure deployAndCheck(
            HostTarget host, String phase, Version version, @Nullable Version before) throws InterruptedException {
        String name = host.name();
        DeploymentProvider p = Objects.requireNonNull(providers.get(name));
        recorder().info(row, phase, name + ": " + phase + "ing " + version);
        StepReporter steps = new StepReporter() {
            @Override
            public void step(String step, String message) {
                recorder().info(row, step, name + ": " + message);
                keeper.checkpoint();
            }

            @Override
            public void warning(String step, String message) {
                recorder().warn(row, step, name + ": " + message);
                keeper.checkpoint();
            }
        };
        TimedProviderCall.Result result = services.timedCall()
                .deploy(
                        row.target(),
                        p,
                        version,
                        steps,
                        host.environment().timeout(),
                        keeper,
                        services.renewEvery(),
                        () -> false);
        switch (result.kind()) {
            case LEASE_LOST -> throw new LeaseLostException(keeper.current());
            case TIMED_OUT, CANCELLED -> {
                String reason = name + ": " + phase + " of " + version + " did not finish within "
                        + host.environment().timeout().toSeconds() + " s";
                recorder().error(row, phase, reason);
                positions.put(name, "unknown");
                // the timed-out provider may still be busy: a rollback of this host uses a fresh one
                closeQuietly(providers.put(name, services.providers().open(host.environment())));
                return new HostFailure(host, ErrorCode.DEPLOYMENT_TIMEOUT, reason, true);
            }
            case FAILED -> {
                Throwable t = stepFailure(result);
                ErrorCode code = codeOf(t);
                String reason = name + ": " + phase + " of " + version + " failed: " + DeploymentEngine.describe(t);
                recorder().error(row, phase, reason);
                boolean changed = changedSince(p, before);
                positions.put(name, changed ? "unknown" : String.valueOf(before));
                return new HostFailure(host, code, reason, changed);
            }
            case DONE -> {}
        }
        positions.put(name, version.toString());
        keeper.checkpoint();
        HealthVerdict verdict = services.health().check(p, host.environment().healthCheck(), observer(name));
        keeper.checkpoint();
        if (verdict.healthy()) {
            if (verdict.attempts() > 0) {
                recorder().info(row, "health", name + ": " + version + " is healthy: " + verdict.detail());
            }
            return null;
        }
        String reason = name + ": health check of " + version + " failed after " + verdict.attempts() + " attempt(s): "
                + verdict.detail();
        recorder().error(row, "health", reason);
        return new HostFailure(host, ErrorCode.HEALTH_CHECK_FAILED, reason, true);
    }

    private HealthPolicy.Observer observer(String name) {
        return new HealthPolicy.Observer() {
            @Override
            public void attempt(int number, int of, ProbeResult result) {
                recordHealthAttempt(name + ": ", number, of, result);
                keeper.checkpoint();
            }

            @Override
            public boolean stopWaiting() {
                return keeper.isLost();
            }

            @Override
            public void waiting(int retry, Duration backoff) {
                recorder().info(row, "health", name + ": retry " + retry + " in " + backoff.toMillis() + " ms");
                keeper.checkpoint();
            }
        };
    }

    /** Marks the hosts of a batch as being changed, so that a run killed during the batch says so. */
    private void markChanging(List<HostTarget> batch, Map<HostTarget, @Nullable Version> current, Version target) {
        for (HostTarget h : batch) {
            Version now = current.get(h);
            positions.put(h.name(), (now == null ? "nothing" : now.toString()) + ", being changed to " + target);
        }
        recordPositions();
    }

    /** Writes a {@code fleet} event naming each host's version, so that a row cut short says where it stopped. */
    private void recordPositions() {
        recorder().info(row, FLEET_STEP, POSITIONS + positionsText());
    }

    private String positionsText() {
        return FleetTargets.of(env).stream()
                .map(h -> h.name() + " at " + positions.getOrDefault(h.name(), "unknown"))
                .collect(Collectors.joining(", "));
    }

    private static String names(List<HostTarget> hosts) {
        return hosts.stream().map(HostTarget::name).collect(Collectors.joining(", "));
    }
}
