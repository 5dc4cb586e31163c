package io.fraisier.core.internal.engine;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraiseConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.StatusFilter;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.fleet.FleetSummary;
import io.fraisier.core.internal.locking.Holder;
import io.fraisier.core.model.CancelRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.HostStatus;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.TargetOverview;
import io.fraisier.core.model.TargetStatus;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.ProcessLiveness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What operators do besides deploying: look at targets, resolve deployments by hand, release locks, and
 * pick the version a rollback goes back to. Thread-safe.
 */
public final class OperatorActions {
    /** How far back the default rollback target is looked for. */
    static final int ROLLBACK_HISTORY = 200;

    private final FraisierConfig config;
    private final EngineServices services;
    private final ProcessLiveness liveness;

    public OperatorActions(FraisierConfig config, EngineServices services, ProcessLiveness liveness) {
        this.config = config;
        this.services = services;
        this.liveness = liveness;
    }

    public TargetStatus status(Target target, int recentLimit, int logLines) {
        EnvironmentConfig env = config.environment(target);
        Version running = null;
        String providerError = null;
        ProbeResult health = null;
        List<String> logs = List.of();
        String logsNote = null;
        List<HostStatus> hosts = env.isFleet() ? new FleetPreview(services).status(env) : List.of();
        if (env.isFleet()) {
            FleetSummary summary = FleetSummary.of(hosts);
            running = summary.running();
            providerError = summary.error();
            health = summary.health();
        } else {
            try (DeploymentProvider p = services.providers().open(env)) {
                running = p.currentVersion().orElse(null);
                HealthCheck check = env.healthCheck();
                if (check.isConfigured()) {
                    health = p.probe(check, check.timeout());
                }
                if (logLines > 0) {
                    // the logs are a courtesy of status: their failure is a note, never the status's failure
                    try {
                        List<String> all = p.recentLogs(logLines);
                        logs = all.subList(Math.max(0, all.size() - logLines), all.size());
                    } catch (FraisierException e) {
                        logsNote = "logs unavailable: " + firstLine(e.getMessage());
                    }
                }
            } catch (FraisierException e) {
                providerError = e.getMessage();
            }
        }
        List<Deployment> recent = services.store()
                .deployments()
                .history(new HistoryQuery(target.fraise(), target.environment(), null, null, recentLimit));
        List<DeploymentEvent> events = recent.isEmpty()
                ? List.of()
                : services.store().events().list(recent.get(0).id());
        return new TargetStatus(
                target,
                env.provider(),
                running,
                providerError,
                services.store().states().find(target).orElse(null),
                health,
                services.store().locks().find(target).orElse(null),
                recent,
                events,
                logs,
                logsNote,
                hosts);
    }

    private static String firstLine(@Nullable String text) {
        return text == null || text.isBlank()
                ? "no reason given"
                : text.lines().findFirst().orElse(text);
    }

    public List<TargetOverview> statusAll(StatusFilter filter) {
        List<TargetOverview> out = new ArrayList<>();
        for (FraiseConfig fraise : config.fraises().values()) {
            for (EnvironmentConfig env : fraise.environments().values()) {
                if (filter.accepts(fraise, env)) {
                    out.add(new TargetOverview(
                            env.target(),
                            fraise.type(),
                            env.provider(),
                            services.store().states().find(env.target()).orElse(null),
                            services.store().locks().find(env.target()).orElse(null)));
                }
            }
        }
        return out;
    }

    /**
     * An operator's verdict on a deployment that needs one ({@code failed}, {@code rollback_failed},
     * {@code interrupted}). {@code success} records its new version as running.
     */
    public Deployment resolve(long deploymentId, DeploymentStatus to, String reason, String who) {
        if (to != DeploymentStatus.SUCCESS && to != DeploymentStatus.FAILED) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "A deployment can be resolved as success or failed, not " + to.dbValue(),
                    "Use `fraisier resolve " + deploymentId + " --as success|failed --reason …`.");
        }
        Deployment d = find(deploymentId);
        if (!d.status().canMoveTo(to)) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Deployment #" + deploymentId + " of " + d.target() + " is "
                            + d.status().dbValue()
                            + ": only failed, rollback_failed and interrupted deployments can be resolved",
                    null);
        }
        Version running = to == DeploymentStatus.SUCCESS ? d.newVersion() : null;
        Deployment resolved = services.store()
                .deployments()
                .transition(new DeploymentUpdate(
                        d.id(),
                        d.status(),
                        to,
                        0,
                        services.clock().instant(),
                        null,
                        null,
                        running,
                        null,
                        null,
                        who,
                        reason));
        services.recorder().info(resolved, "resolve", "resolved as " + to.dbValue() + " by " + who + ": " + reason);
        services.recorder().status(resolved);
        return resolved;
    }

    /**
     * Asks a {@code pending} or {@code in_progress} deployment to stop ({@code fraisier cancel}): records
     * who asked and why on its row. A pending row is cancelled here at once; a running one is stopped by
     * the process that runs it, which sees the request within about a second, interrupts its step, rolls
     * back when the target may have changed, and ends the row {@code cancelled}.
     *
     * @return the row after the request: {@code cancelled} (it was pending) or still {@code in_progress}
     * @throws FraisierException {@code NOT_FOUND} for an unknown id, {@code USAGE} when it already finished
     */
    public Deployment cancel(long deploymentId, String who, @Nullable String reason) {
        Deployment d = find(deploymentId);
        String why = reason == null || reason.isBlank() ? "no reason given" : reason;
        Instant now = services.clock().instant();
        if (d.status().isTerminal()
                || !services.store().deployments().requestCancel(d.id(), new CancelRequest(who, why, now))) {
            throw alreadyFinished(find(deploymentId));
        }
        CancelRequest recorded =
                services.store().deployments().cancelRequest(d.id()).orElse(new CancelRequest(who, why, now));
        services.recorder().warn(d, "cancel", "cancel requested by " + who + ": " + why);
        if (d.status() == DeploymentStatus.PENDING) {
            try {
                Deployment cancelled = services.store()
                        .deployments()
                        .transition(new DeploymentUpdate(
                                d.id(),
                                DeploymentStatus.PENDING,
                                DeploymentStatus.CANCELLED,
                                0,
                                now,
                                null,
                                null,
                                null,
                                ErrorCode.CANCELLED.id(),
                                "cancelled " + recorded.describe() + " before it started",
                                null,
                                null));
                services.recorder().status(cancelled);
                return cancelled;
            } catch (FraisierException e) {
                // it started meanwhile: the process now running it sees the request
                if (e.code() != ErrorCode.USAGE) {
                    throw e;
                }
            }
        }
        return find(deploymentId);
    }

    private static FraisierException alreadyFinished(Deployment d) {
        return new FraisierException(
                ErrorCode.USAGE,
                "Deployment #" + d.id() + " of " + d.target() + " already finished: "
                        + d.status().dbValue() + ", nothing to cancel",
                "`fraisier status " + d.target().fraise() + " " + d.target().environment()
                        + "` shows what runs now; `fraisier rollback` moves it back.");
    }

    /**
     * Releases a target's lock. Refused unless {@code force} while the lease is live and its holder may be
     * running: a live process of this host, or any process of another host. Deployments left
     * {@code in_progress} without a lock are then marked {@code interrupted}.
     */
    public LockLease releaseLock(Target target, boolean force, String thisHolder) {
        Instant now = services.clock().instant();
        LockLease lock = services.store()
                .locks()
                .find(target)
                .orElseThrow(() -> new FraisierException(
                        ErrorCode.NOT_FOUND, "No lock is held on " + target, "`fraisier lock list` lists held locks."));
        Holder holder = Holder.parse(lock.holder());
        if (!force && !lock.isExpiredAt(now)) {
            String release = "fraisier lock release " + target.fraise() + " " + target.environment() + " --force";
            boolean sameHost = holder.host().equals(Holder.parse(thisHolder).host());
            if (holder.isGoneFrom(thisHolder, liveness)) {
                return releaseAndRecover(target, now);
            }
            throw new FraisierException(
                    ErrorCode.LOCK_HELD,
                    "The lock of " + target + " is held by " + holder.describe() + " for deployment #"
                            + lock.deploymentId() + " since " + lock.acquiredAt()
                            + (sameHost && holder.pid().isPresent()
                                    ? ", and that process is running on this host"
                                    : "; its lease is live until " + lock.expiresAt()),
                    "Wait for it to finish, or, if you are sure it is gone, `" + release + "`.");
        }
        return releaseAndRecover(target, now);
    }

    private LockLease releaseAndRecover(Target target, Instant now) {
        LockLease released = services.store()
                .locks()
                .forceRelease(target)
                .orElseThrow(() -> new FraisierException(ErrorCode.NOT_FOUND, "No lock is held on " + target, null));
        new CrashRecovery(services, liveness).interruptOrphans(now, CrashRecovery.ON_RELEASE);
        return released;
    }

    /**
     * The version a rollback of {@code target} goes to: {@code to} when given; else, when the last
     * deployment that ran did not end healthy ({@code failed}, {@code rollback_failed}, {@code interrupted}),
     * the version last deployed healthy; else the newest {@code success} deployment's version that differs
     * from the one last deployed healthy.
     *
     * @throws FraisierException {@code NOT_FOUND} when there is no earlier version
     */
    public Version rollbackVersion(Target target, @Nullable Version to) {
        config.environment(target);
        if (to != null) {
            return to;
        }
        KnownVersion known = KnownVersion.of(services.store(), target);
        if (known.inDoubt() && known.lastGood() != null) {
            // the target may run what broke: going back means going to the last good version
            return known.lastGood();
        }
        List<Deployment> successes = services.store()
                .deployments()
                .history(new HistoryQuery(
                        target.fraise(), target.environment(), DeploymentStatus.SUCCESS, null, ROLLBACK_HISTORY));
        Version current = known.lastGood() != null
                ? known.lastGood()
                : (successes.isEmpty() ? null : successes.get(0).newVersion());
        return successes.stream()
                .map(Deployment::newVersion)
                .filter(Objects::nonNull)
                .filter(v -> !v.equals(current))
                .findFirst()
                .orElseThrow(() -> new FraisierException(
                        ErrorCode.NOT_FOUND,
                        "No earlier version of " + target + " to roll back to: "
                                + (successes.isEmpty()
                                        ? "it has no successful deployment"
                                        : "every successful deployment installed " + current),
                        "Name the version with `fraisier rollback " + target.fraise() + " " + target.environment()
                                + " --to <version>`."));
    }

    private Deployment find(long id) {
        return services.store()
                .deployments()
                .find(id)
                .orElseThrow(() -> new FraisierException(
                        ErrorCode.NOT_FOUND,
                        "No deployment #" + id,
                        "`fraisier history` lists deployments and their ids."));
    }
}
