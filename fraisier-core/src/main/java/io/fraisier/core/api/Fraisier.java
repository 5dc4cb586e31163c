package io.fraisier.core.api;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.Scrubber;
import io.fraisier.core.config.StatusFilter;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.engine.CrashRecovery;
import io.fraisier.core.internal.engine.DeploymentEngine;
import io.fraisier.core.internal.engine.DurableDiagnostics;
import io.fraisier.core.internal.engine.EngineServices;
import io.fraisier.core.internal.engine.EventRecorder;
import io.fraisier.core.internal.engine.FilterValues;
import io.fraisier.core.internal.engine.OperatorActions;
import io.fraisier.core.internal.engine.ProviderRegistry;
import io.fraisier.core.internal.engine.ScrubbingStore;
import io.fraisier.core.internal.locking.Holder;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.model.OrphanReport;
import io.fraisier.core.model.QueueTurn;
import io.fraisier.core.model.RollbackRequest;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.TargetOverview;
import io.fraisier.core.model.TargetStatus;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentListener;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.spi.HookRunner;
import io.fraisier.core.spi.ProcessLiveness;
import io.fraisier.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The front door: deploy, roll back, inspect and repair targets, for the CLI, the webhook daemon and any
 * JVM program that embeds Fraisier. Build one with {@link #builder()}.
 *
 * <p>Thread-safe: deployments of distinct targets may run in parallel from several threads; two
 * deployments of one target never overlap (the store's lock serialises them, across processes too).
 * Instances share nothing: two in one JVM do not see each other except through a shared database.
 *
 * <p>Expected results are values ({@link DeploymentOutcome}); methods throw {@link FraisierException}
 * only when they could not even try: {@code UNKNOWN_TARGET}, {@code LOCK_TIMEOUT}, {@code
 * PROVIDER_UNKNOWN}, {@code PROVIDER_UNREACHABLE} before anything changed, {@code DATABASE_UNAVAILABLE},
 * {@code INTERRUPTED}.
 */
public final class Fraisier implements AutoCloseable {
    private final FraisierConfig config;
    private final FraisierStore store;
    private final boolean ownsStore;
    private final String holderId;
    private final EngineServices services;
    private final DeploymentEngine engine;
    private final OperatorActions operator;
    private final List<Deployment> recovered;
    private final ProcessLiveness liveness;
    private final io.fraisier.core.internal.engine.Freezes freezes;
    private final CrashRecovery crashRecovery;
    private final WebhookEvents webhookEvents;

    Fraisier(
            FraisierConfig config,
            FraisierStore store,
            boolean ownsStore,
            List<DeploymentProviderFactory> factories,
            List<DeploymentListener> listeners,
            Clock clock,
            Sleeper sleeper,
            Sleeper renewalSleeper,
            String holderId,
            Duration lease,
            ProcessLiveness liveness,
            Map<String, String> environment,
            HookRunner hookRunner) {
        this.config = config;
        this.store = store;
        this.ownsStore = ownsStore;
        this.holderId = holderId;
        this.liveness = liveness;
        Scrubber scrubber = Scrubber.of(config, environment);
        List<DeploymentListener> all = new java.util.ArrayList<>(listeners);
        all.add(new DurableDiagnostics(store.counters()));
        EventRecorder recorder = new EventRecorder(store.events(), all, clock, scrubber);
        this.services = new EngineServices(
                ScrubbingStore.wrap(
                        config.notifications().isEmpty()
                                ? store
                                : io.fraisier.core.internal.notify.NotifyingStore.wrap(
                                        store,
                                        new io.fraisier.core.internal.notify.NotificationRenderer(
                                                config.notifications(), scrubber)),
                        scrubber),
                new ProviderRegistry(factories, clock, environment),
                recorder,
                clock,
                sleeper,
                renewalSleeper,
                holderId,
                lease,
                hookRunner);
        this.engine = new DeploymentEngine(services);
        this.operator = new OperatorActions(config, services, liveness);
        this.freezes = new io.fraisier.core.internal.engine.Freezes(config, services.store(), clock);
        this.crashRecovery = new CrashRecovery(services, liveness);
        this.webhookEvents = new WebhookEvents(store.webhooks());
        try {
            this.recovered = crashRecovery.interruptOrphans(clock.instant(), CrashRecovery.ON_START);
        } catch (RuntimeException e) {
            if (ownsStore) {
                store.close();
            }
            throw e;
        }
    }

    /**
     * The notification outbox, for the delivery loops of the CLI and the daemon and for
     * {@code fraisier notifications}.
     *
     * @throws FraisierException {@code NOT_AVAILABLE} when the store keeps none
     */
    public io.fraisier.core.spi.NotificationOutbox notificationOutbox() {
        return store.outbox();
    }

    /** A new builder; see {@link FraisierBuilder}. */
    public static FraisierBuilder builder() {
        return new FraisierBuilder();
    }

    /**
     * Deploys a target: records a {@code pending} row, waits for the target's lock, and runs the
     * deployment to its end (skip, success, failure, rollback). A dry run writes nothing and takes no
     * lock. Blocks until done.
     *
     * @throws FraisierException see the class description; the row is then {@code failed} (or absent for
     *     an unknown target)
     */
    public DeploymentOutcome deploy(DeployRequest request) {
        return deploy(request, null);
    }

    /**
     * {@link #deploy(DeployRequest)}, refused while the target is frozen unless {@code overrideFreeze}
     * says why it must go ahead (recorded in the deployment's events). A refused request writes nothing:
     * no row, no lock.
     *
     * @param overrideFreeze why a freeze is overridden ({@code --override-freeze --reason}), or null
     * @throws FraisierException {@code FROZEN} when the target is frozen and {@code overrideFreeze} is null
     */
    public DeploymentOutcome deploy(DeployRequest request, @Nullable String overrideFreeze) {
        EnvironmentConfig env = config.environment(request.target());
        if (request.dryRun()) {
            // changes nothing, so it is never refused; it says what a real run would meet
            return engine.plan(env, request.version(), request.force())
                    .withFreezes(freezes.active(env.target()), overrideFreeze != null);
        }
        String what = request.trigger() == Trigger.ROLLBACK ? "rollback" : "deployment";
        List<io.fraisier.core.model.Freeze> overridden = freezes.check(env.target(), what, overrideFreeze);
        Deployment row = engine.create(env, request);
        for (io.fraisier.core.model.Freeze f : overridden) {
            services.recorder()
                    .warn(
                            row,
                            "freeze",
                            "freeze overridden by "
                                    + (request.triggeredBy() == null ? "an unnamed caller" : request.triggeredBy())
                                    + " (reason: " + overrideFreeze + "): " + f.describe());
        }
        return engine.run(row, env);
    }

    /** What {@code request} would do, as a dry run (nothing written, no lock). */
    public DeploymentOutcome.Planned plan(DeployRequest request) {
        return engine.plan(config.environment(request.target()), request.version(), request.force())
                .withFreezes(freezes.active(request.target()), false);
    }

    /**
     * Queues a request without running it (the webhook daemon): writes its {@code pending} row and marks
     * older pending, unclaimed requests of the same target {@code superseded}. A worker runs it later
     * with {@link #runPending(Deployment)}. A webhook request that then ends {@code skipped} (stale, or
     * already up to date) changed nothing, so the newest request it superseded that would not be skipped
     * too is queued again as a new pending row, judged again when it runs.
     */
    public Deployment enqueue(DeployRequest request) {
        EnvironmentConfig env = config.environment(request.target());
        Deployment d = engine.create(env, request);
        for (long id : store.queue()
                .supersedeOlder(env.target(), d.id(), services.clock().instant())) {
            store.deployments().find(id).ifPresent(old -> engine.superseded(old, d));
        }
        return d;
    }

    /**
     * Runs a deployment that is still {@code pending} (claimed from the queue, or written earlier).
     *
     * A row whose target was frozen after it was queued is not run: it becomes {@code cancelled} (error
     * type {@code frozen}) and the outcome is {@link DeploymentOutcome.Superseded}.
     *
     * @throws FraisierException {@code NOT_FOUND} for an unknown id, {@code USAGE} when it is no longer
     *     pending, and the errors of {@link #deploy}
     */
    public DeploymentOutcome runPending(Deployment pending) {
        Deployment row = store.deployments()
                .find(pending.id())
                .orElseThrow(() -> new FraisierException(ErrorCode.NOT_FOUND, "No deployment #" + pending.id(), null));
        if (row.status() == DeploymentStatus.SUPERSEDED || row.status() == DeploymentStatus.CANCELLED) {
            return new DeploymentOutcome.Superseded(row);
        }
        if (row.status() != DeploymentStatus.PENDING) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Deployment #" + row.id() + " of " + row.target() + " is "
                            + row.status().dbValue() + ", not pending: it cannot be run again",
                    "Deploy anew with `fraisier deploy " + row.target().fraise() + " "
                            + row.target().environment() + "`.");
        }
        List<io.fraisier.core.model.Freeze> frozen = freezes.active(row.target());
        if (!frozen.isEmpty()) {
            // queued before the target was frozen: it must not run now (nothing changed yet)
            String why = "frozen before it ran: " + frozen.getFirst().describe();
            Deployment cancelled = store.deployments()
                    .transition(new io.fraisier.core.spi.DeploymentUpdate(
                            row.id(),
                            DeploymentStatus.PENDING,
                            DeploymentStatus.CANCELLED,
                            0,
                            services.clock().instant(),
                            null,
                            null,
                            null,
                            ErrorCode.FROZEN.id(),
                            why,
                            null,
                            null));
            services.recorder().warn(cancelled, "freeze", why);
            services.recorder().status(cancelled);
            return new DeploymentOutcome.Superseded(cancelled);
        }
        return engine.run(row, config.environment(row.target()));
    }

    /**
     * A queue worker's turn: claims the oldest pending deployment whose target is free (exactly one of
     * several racing workers, across processes, gets a given row) and runs it.
     *
     * @param worker the worker's name, unique across daemons (e.g. {@code host:pid:worker-2})
     * @return the outcome, or empty when nothing is waiting
     * @throws FraisierException the errors of {@link #deploy}
     */
    public Optional<DeploymentOutcome> runNextQueued(String worker) {
        return store.queue().claimNext(worker, services.clock().instant()).map(this::runPending);
    }

    /**
     * A queue worker's turn, for a daemon's worker loop: claims the oldest pending deployment whose target
     * is free and runs it, unless {@code start} declines it (a worker stopping: the claim is then given
     * back, for another daemon). Never throws for a deployment that could not run: the turn says what
     * happened.
     *
     * @param worker the worker's name, unique across daemons ({@code host:pid/worker-2})
     * @param start asked once a row is claimed, just before it runs: false leaves it unstarted
     * @throws FraisierException only when the queue cannot be read ({@code DATABASE_UNAVAILABLE})
     */
    public QueueTurn runNextQueued(String worker, Predicate<Deployment> start) {
        Optional<Deployment> claimed =
                store.queue().claimNext(worker, services.clock().instant());
        if (claimed.isEmpty()) {
            return new QueueTurn.Idle();
        }
        Deployment row = claimed.get();
        if (!start.test(row)) {
            store.queue().releaseClaims(worker);
            return new QueueTurn.GivenBack(row);
        }
        try {
            return new QueueTurn.Ran(row, runPending(row));
        } catch (RuntimeException e) {
            return new QueueTurn.Failed(row, e);
        }
    }

    /**
     * Gives back the claims of a queue worker that will not run them (a daemon stopping), so that another
     * worker, of any daemon, runs them.
     *
     * @return how many rows went back to the queue
     */
    public int releaseClaims(String worker) {
        return store.queue().releaseClaims(worker);
    }

    /**
     * Frees what a process killed outright left behind, so that its work is not stuck until someone
     * restarts a daemon: claims of queue workers of a dead process of this host go back to the queue,
     * locks held by a dead process of this host are released (their deployments marked {@code
     * interrupted}), and deployments {@code in_progress} whose lock lease expired are marked {@code
     * interrupted}. What this process holds is never touched; a process of another host is never known
     * to be dead (its claims and leases expire).
     */
    public OrphanReport recoverOrphans() {
        return crashRecovery.recoverOrphans(operator);
    }

    /** Pending deployments no worker has claimed yet, across every daemon on this database. */
    public long queueDepth() {
        return store.queue().depth();
    }

    /**
     * Checks that the database can store a write now (a health endpoint; cache the answer for about a
     * second).
     *
     * @throws FraisierException {@code DATABASE_UNAVAILABLE} when it cannot
     */
    public void checkWritable() {
        store.checkWritable();
    }

    /** Which store this instance records to, for humans ({@code sqlite /var/lib/fraisier/fraisier.db}). */
    public String storeDescription() {
        return store.description();
    }

    /**
     * The durable metric counters as they stand: deployments by status, errors, durations, deployments in
     * progress, health-check attempts and lock waits, whichever process deployed.
     */
    public MetricSnapshot metricSnapshot() {
        return store.counters().snapshot();
    }

    /** Received webhook deliveries: what the daemon records, what {@code fraisier webhooks} lists. */
    public WebhookEvents webhookEvents() {
        return webhookEvents;
    }

    /**
     * Moves a target back to an earlier version as a full deployment (trigger {@code rollback}: lock,
     * health check, its own row): {@code --to}, or the newest successfully deployed version that differs
     * from the current one.
     *
     * @throws FraisierException {@code NOT_FOUND} when there is no earlier version, and the errors of
     *     {@link #deploy}
     */
    public DeploymentOutcome rollback(RollbackRequest request) {
        return rollback(request, null);
    }

    /**
     * {@link #rollback(RollbackRequest)}, refused while the target is frozen unless {@code overrideFreeze}
     * is given (see {@link #deploy(DeployRequest, String)}).
     */
    public DeploymentOutcome rollback(RollbackRequest request, @Nullable String overrideFreeze) {
        if (!request.dryRun()) {
            freezes.check(request.target(), "rollback", overrideFreeze);
        }
        var version = operator.rollbackVersion(request.target(), request.to());
        return deploy(
                new DeployRequest(
                        request.target(),
                        version,
                        false,
                        request.dryRun(),
                        Trigger.ROLLBACK,
                        request.triggeredBy(),
                        null,
                        null,
                        null),
                overrideFreeze);
    }

    /**
     * The freezes holding for {@code target} now: its manual freeze (unless ended) and the declared
     * windows of {@code fraises.yaml} that are open.
     */
    public List<io.fraisier.core.model.Freeze> freezes(Target target) {
        return freezes.active(target);
    }

    /** Every freeze holding now, for every configured target, by fraise then environment. */
    public List<io.fraisier.core.model.Freeze> freezes() {
        return freezes.activeAll();
    }

    /**
     * Freezes a configured target from now: deployments and rollbacks of it are refused (webhook pushes
     * ignored) until {@code until}, or until {@link #unfreeze} when null (a pause). Replaces an earlier
     * manual freeze of the target.
     *
     * @param who who sets it ({@code user@host})
     * @throws FraisierException {@code UNKNOWN_TARGET}, {@code USAGE} for a blank reason or a past end
     */
    public io.fraisier.core.model.Freeze freeze(
            Target target, java.time.@Nullable Instant until, String reason, String who) {
        return freezes.freeze(target, until, reason, who);
    }

    /**
     * Lifts the manual freeze of a target. Declared windows cannot be lifted (edit {@code fraises.yaml}).
     *
     * @return the lifted freeze, or empty when the target had none
     */
    public Optional<io.fraisier.core.model.Freeze> unfreeze(Target target) {
        config.environment(target);
        return services.store().freezes().remove(target);
    }

    /**
     * The guide's archive step: removes finished deployments that ended more than {@code olderThan} ago,
     * their events, and webhook events received before then; never metric counters nor running rows.
     *
     * @param dryRun only count
     */
    public io.fraisier.core.model.PruneResult prune(Duration olderThan, boolean dryRun) {
        if (olderThan.isNegative() || olderThan.isZero()) {
            throw new FraisierException(ErrorCode.USAGE, "--older-than must be more than 0", null);
        }
        return services.store().prune(services.clock().instant().minus(olderThan), dryRun);
    }

    /** How many log lines {@link #status(Target)} asks the provider for. */
    public static final int DEFAULT_LOG_LINES = 20;

    /**
     * One target in detail: running version and health (one probe, now), the service's last
     * {@value #DEFAULT_LOG_LINES} log lines, lock, recent deployments.
     */
    public TargetStatus status(Target target) {
        return status(target, 10);
    }

    /** {@link #status(Target)} with the {@code recent} latest deployments. */
    public TargetStatus status(Target target, int recent) {
        return status(target, recent, DEFAULT_LOG_LINES);
    }

    /**
     * {@link #status(Target)} with the {@code recent} latest deployments and the {@code logLines} last log
     * lines (0: do not read the logs). A provider that cannot be reached or whose log source fails does not
     * fail the status: {@link TargetStatus#providerError()} and {@link TargetStatus#logsNote()} say why.
     */
    public TargetStatus status(Target target, int recent, int logLines) {
        return operator.status(target, recent, logLines);
    }

    /**
     * Every configured target that passes {@code filter}, from the database only.
     *
     * @throws FraisierException {@code USAGE} when the filter names an environment that is not configured
     *     or an unknown fraise type (with a suggestion)
     */
    public List<TargetOverview> statusAll(StatusFilter filter) {
        new FilterValues(config, store.deployments()).check(filter);
        return operator.statusAll(filter);
    }

    /**
     * Deployments matching {@code query}, newest first.
     *
     * @throws FraisierException {@code USAGE} when the query names a fraise or environment that is neither
     *     configured nor recorded (with a suggestion)
     */
    public List<Deployment> history(HistoryQuery query) {
        new FilterValues(config, store.deployments()).check(query);
        return store.deployments().history(query);
    }

    /** Aggregates of the last {@code days} days, per fraise then the total ({@code fraise} null: all). */
    public List<DeploymentStats> stats(int days, @Nullable String fraise) {
        if (days < 1) {
            throw new FraisierException(ErrorCode.USAGE, "--days must be 1 or more, was " + days, null);
        }
        new FilterValues(config, store.deployments()).checkFraise(fraise);
        return store.deployments().stats(services.clock().instant().minus(Duration.ofDays(days)), fraise);
    }

    /** Held locks, oldest first (expired ones included until reclaimed). */
    public List<LockLease> locks() {
        return store.locks().list();
    }

    /**
     * Whether the holder of {@code lock} is a process of this host that is no longer running (killed,
     * crashed): the lock is dead even while its lease runs, and {@link #releaseLock} frees it without
     * {@code force}. False for a holder on another host, which cannot be checked from here.
     */
    public boolean isHolderGone(LockLease lock) {
        return Holder.parse(lock.holder()).isGoneFrom(holderId, liveness);
    }

    /**
     * Releases a target's lock by hand. Without {@code force} it refuses while the lease is live and the
     * holder may still run: a live process of this host, or a process of another host.
     *
     * @throws FraisierException {@code NOT_FOUND} when no lock is held, {@code LOCK_HELD} when refused
     */
    public LockLease releaseLock(Target target, boolean force) {
        return operator.releaseLock(target, force, holderId);
    }

    /**
     * Records an operator's verdict on a {@code failed}, {@code rollback_failed} or {@code interrupted}
     * deployment: {@code success} (its new version runs) or {@code failed}.
     *
     * @throws FraisierException {@code NOT_FOUND}, or {@code USAGE} for another status
     */
    public Deployment resolve(long deploymentId, DeploymentStatus to, String reason, String who) {
        return operator.resolve(deploymentId, to, reason, who);
    }

    /**
     * Asks deployment {@code deploymentId} to stop, whichever process (or host sharing the store) runs it
     * ({@code fraisier cancel}). The request (who, why, when) is recorded on the row. A {@code pending}
     * (queued) row is cancelled at once. A running one is stopped by the process that runs it, which looks
     * for requests about once a second: it interrupts the current step (kills a command's process tree,
     * closes an SSH channel, stops polling Coolify), rolls back when the target may have changed (as for a
     * failed health check), and ends the row {@code cancelled}, its error message naming who asked and
     * why. Returns at once: poll {@link #deployment(long)} (or {@code history}) for the end.
     *
     * @param who who asks, {@code user@host}
     * @param reason why (null or blank: "no reason given")
     * @return the row after the request: {@code cancelled} when it was pending, else still {@code
     *     in_progress}
     * @throws FraisierException {@code NOT_FOUND} for an unknown id, {@code USAGE} when the deployment
     *     already finished (the message names its status)
     */
    public Deployment cancel(long deploymentId, String who, @Nullable String reason) {
        return operator.cancel(deploymentId, who, reason);
    }

    /**
     * One deployment by id ({@code fraisier cancel --wait} polls it).
     *
     * @throws FraisierException {@code NOT_FOUND} for an unknown id
     */
    public Deployment deployment(long deploymentId) {
        return store.deployments()
                .find(deploymentId)
                .orElseThrow(() -> new FraisierException(
                        ErrorCode.NOT_FOUND,
                        "No deployment #" + deploymentId,
                        "`fraisier history` lists deployments and their ids."));
    }

    /** The provider's connectivity checks for one environment ({@code fraisier provider-test}). */
    public List<CheckResult> providerTest(EnvironmentConfig environment) {
        return services.providers().selfTest(environment);
    }

    /**
     * The provider's connectivity checks for each host of one environment separately ({@code fraisier
     * metrics}' {@code fraisier_host_availability}): by host name as events and {@code status} show it, in
     * the order of {@code hosts:}; one entry for an environment that is no fleet. A host whose provider
     * cannot be made has one failed check, {@code provider}. Runs the checks on the calling thread.
     *
     * @throws FraisierException {@code PROVIDER_UNKNOWN} when no factory makes the environment's provider
     */
    public Map<String, List<CheckResult>> providerTestByHost(EnvironmentConfig environment) {
        return services.providers().selfTestByHost(environment);
    }

    /** Deployments that crash recovery marked {@code interrupted} when this instance was built. */
    public List<Deployment> recovered() {
        return recovered;
    }

    public FraisierConfig config() {
        return config;
    }

    /** This process's lock holder id ({@code host:pid}). */
    public String holderId() {
        return holderId;
    }

    /** Closes the store when this instance opened it. Does not wait for running deployments. */
    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }
}
