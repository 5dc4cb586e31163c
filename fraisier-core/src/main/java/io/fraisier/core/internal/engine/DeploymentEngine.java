package io.fraisier.core.internal.engine;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.locking.LeaseKeeper;
import io.fraisier.core.internal.locking.LeaseLostException;
import io.fraisier.core.internal.locking.LockWaiter;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs deployments: writes the {@code pending} row, takes the lock, hands the locked part to a
 * {@link DeploymentRun}, and makes sure that whatever throws, the lock is released and the row does not
 * stay {@code pending} or {@code in_progress}. Thread-safe: each call works on its own row and lease.
 */
public final class DeploymentEngine {
    private final EngineServices services;

    public DeploymentEngine(EngineServices services) {
        this.services = services;
    }

    /** What a deployment would do; opens the provider but writes nothing and takes no lock. */
    public DeploymentOutcome.Planned plan(EnvironmentConfig env, @Nullable Version requested, boolean force) {
        if (env.isFleet()) {
            return new FleetPreview(services).plan(env, requested, force);
        }
        try (DeploymentProvider p = services.providers().open(env)) {
            Version current = p.currentVersion().orElse(null);
            Version target = p.resolveTarget(requested);
            Version.Direction direction = current == null ? Version.Direction.INITIAL : current.directionTo(target);
            return new DeploymentOutcome.Planned(
                    env.target(),
                    env.provider(),
                    current,
                    target,
                    direction,
                    p.plan(current, target),
                    // as a run decides: only a version last deployed healthy, and still found, is skipped
                    KnownVersion.of(services.store(), env.target()).upToDate(current, target) && !force);
        }
    }

    /** Writes the {@code pending} row of a request. */
    public Deployment create(EnvironmentConfig env, DeployRequest request) {
        NewDeployment row = new NewDeployment(
                env.target(),
                env.provider(),
                request.trigger(),
                request.triggeredBy(),
                request.version(),
                request.gitBranch(),
                request.gitCommit(),
                request.webhookEventId(),
                request.force());
        Deployment d =
                services.store().deployments().create(row, services.clock().instant());
        services.recorder()
                .info(
                        d,
                        "request",
                        request.trigger().dbValue() + " request"
                                + (request.triggeredBy() == null ? "" : " by " + request.triggeredBy()) + " for "
                                + (request.version() == null ? "the provider's default version" : request.version())
                                + (request.force() ? " (forced)" : ""));
        services.recorder().status(d);
        return d;
    }

    /**
     * Records on {@code older} that queueing {@code newer} superseded it ({@code Fraisier.enqueue}): the
     * event by which a skipped request gives its place back ({@link SupersededRequests}).
     */
    public void superseded(Deployment older, Deployment newer) {
        SupersededRequests.recordSuperseded(services, older, newer);
    }

    /** Runs a {@code pending} row to its end. */
    public DeploymentOutcome run(Deployment pending, EnvironmentConfig env) {
        Instant asked = services.clock().instant();
        services.recorder()
                .info(
                        pending,
                        "lock",
                        "waiting for the lock of " + env.target() + " (up to "
                                + env.lockTimeout().toSeconds() + " s)");
        LockLease lease = acquire(pending, env);
        if (lease == null) {
            // an operator cancelled it while it waited for the lock (fraisier cancel)
            return new DeploymentOutcome.Superseded(
                    services.store().deployments().find(pending.id()).orElse(pending));
        }
        LeaseKeeper keeper = new LeaseKeeper(
                services.store().locks(), services.clock(), lease, services.lease(), services.renewalTicker());
        keeper.start();
        try {
            Deployment started;
            try {
                // through a database restart too: nothing has changed yet, so the run may as well go on
                started = StoreRetry.call(
                        services,
                        "the start of deployment #" + pending.id(),
                        () -> services.store()
                                .deployments()
                                .transition(DeploymentUpdate.move(
                                        pending.id(),
                                        DeploymentStatus.PENDING,
                                        DeploymentStatus.IN_PROGRESS,
                                        lease.fencingToken(),
                                        services.clock().instant())));
            } catch (FraisierException e) {
                Optional<Deployment> now = services.store().deployments().find(pending.id());
                if (now.isPresent()
                        && (now.get().status() == DeploymentStatus.SUPERSEDED
                                || now.get().status() == DeploymentStatus.CANCELLED)) {
                    return new DeploymentOutcome.Superseded(now.get());
                }
                abandon(pending, DeploymentStatus.FAILED, e.code(), e.getMessage(), 0);
                throw e;
            }
            long waited = Duration.between(asked, services.clock().instant()).toMillis();
            services.recorder()
                    .info(
                            started,
                            "lock",
                            "lock acquired by " + lease.holder() + " (fencing token " + lease.fencingToken()
                                    + ") after " + waited + " ms");
            services.recorder().lockAcquired(started, waited);
            services.recorder().status(started);
            return runLocked(
                    env.isFleet()
                            ? new FleetRun(services, env, keeper, started)
                            : new DeploymentRun(services, env, keeper, started));
        } finally {
            keeper.close();
            release(keeper.current());
        }
    }

    private DeploymentOutcome runLocked(LockedRun run) {
        try {
            return run.execute();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            String message = run.resolvedTarget() == null
                    ? "interrupted before the target changed"
                    : "interrupted while deploying " + run.resolvedTarget() + " over "
                            + (run.resolvedOld() == null ? "nothing" : run.resolvedOld())
                            + "; the target may be partly changed";
            Deployment d = abandon(
                    run.row(),
                    DeploymentStatus.CANCELLED,
                    ErrorCode.INTERRUPTED,
                    message,
                    0,
                    run.resolvedOld(),
                    run.resolvedTarget());
            throw new FraisierException(
                    ErrorCode.INTERRUPTED,
                    "Deployment #" + d.id() + " of " + d.target() + " was interrupted and marked cancelled",
                    "Check the target with `fraisier status " + d.target().fraise() + " "
                            + d.target().environment() + "` before deploying again.");
        } catch (LeaseLostException e) {
            return fenced(run, e.getMessage());
        } catch (FraisierException e) {
            if (e.code() == ErrorCode.FENCED) {
                return fenced(run, e.getMessage());
            }
            abandon(run.row(), DeploymentStatus.FAILED, e.code(), e.getMessage(), run.fencingToken());
            throw e;
        } catch (RuntimeException e) {
            Deployment d =
                    abandon(run.row(), DeploymentStatus.FAILED, ErrorCode.INTERNAL, describe(e), run.fencingToken());
            throw new FraisierException(
                    ErrorCode.INTERNAL,
                    "Deployment #" + d.id() + " of " + d.target() + " stopped on an unexpected error: " + describe(e),
                    "It was marked failed. Run with --verbose for the stack trace and report it.",
                    e);
        }
    }

    /** The lease was lost: the run stops and records its failure without a token (it has none left). */
    private DeploymentOutcome fenced(LockedRun run, String why) {
        String message =
                "stopped because " + why + "; the target may be partly changed, check it before deploying" + " again";
        Deployment d = abandon(run.row(), DeploymentStatus.FAILED, ErrorCode.FENCED, message, 0);
        return new DeploymentOutcome.Failed(d, ErrorCode.FENCED, message, true);
    }

    /**
     * Ends a row that could not finish normally.
     *
     * @throws FraisierException when even that write fails: the original problem and the store's are both
     *     named
     */
    private Deployment abandon(Deployment row, DeploymentStatus to, ErrorCode code, String message, long fencingToken) {
        return abandon(row, to, code, message, fencingToken, null, null);
    }

    private Deployment abandon(
            Deployment row,
            DeploymentStatus to,
            ErrorCode code,
            String message,
            long fencingToken,
            @Nullable Version oldVersion,
            @Nullable Version newVersion) {
        Deployment current;
        try {
            // through a database restart too: else the row stays open until crash recovery
            current = StoreRetry.call(
                            services,
                            "reading deployment #" + row.id(),
                            () -> services.store().deployments().find(row.id()))
                    .orElse(row);
        } catch (RuntimeException storeFailure) {
            throw unrecorded(row, message, storeFailure);
        }
        if (current.status().isTerminal()) {
            return current;
        }
        try {
            services.recorder().error(current, "error", message);
        } catch (RuntimeException ignored) {
            // the event store may be what failed; the status write below matters more
        }
        DeploymentUpdate end = new DeploymentUpdate(
                current.id(),
                current.status(),
                to,
                fencingToken,
                services.clock().instant(),
                oldVersion,
                newVersion,
                null,
                code.id(),
                message,
                null,
                null);
        try {
            Deployment d = StoreRetry.call(
                    services,
                    "recording the end of deployment #" + current.id(),
                    () -> services.store().deployments().transition(end));
            services.recorder().status(d);
            return d;
        } catch (RuntimeException storeFailure) {
            // another process ended the row between the read above and this write (fraisier cancel of a
            // pending row, as this run saw the same request): its end stands
            Optional<Deployment> ended = endedMeanwhile(current.id());
            if (ended.isPresent()) {
                return ended.get();
            }
            throw unrecorded(current, message, storeFailure);
        }
    }

    /** The end of {@code row} could not be recorded: the original problem and the store's, both named. */
    private static FraisierException unrecorded(Deployment row, String message, RuntimeException storeFailure) {
        ErrorCode storeCode = storeFailure instanceof FraisierException fe ? fe.code() : ErrorCode.DATABASE_UNAVAILABLE;
        return new FraisierException(
                storeCode,
                "Deployment #" + row.id() + " of " + row.target() + " stopped (" + message
                        + ") and recording that failed too: " + describe(storeFailure),
                (row.status() == DeploymentStatus.PENDING
                                ? "The row stays pending: a webhook daemon runs it again once the database is"
                                        + " back, or `fraisier cancel " + row.id() + "` drops it"
                                : "The row stays " + row.status().dbValue()
                                        + " until crash recovery (the next start of fraisier, or a daemon)"
                                        + " marks it interrupted")
                        + "; check the database and `fraisier status "
                        + row.target().fraise()
                        + " " + row.target().environment() + "`.",
                storeFailure);
    }

    /** The lease, or null when an operator cancelled the row while it waited (the row is then cancelled). */
    private @Nullable LockLease acquire(Deployment pending, EnvironmentConfig env) {
        CancelWatch cancel = new CancelWatch(services.store().deployments(), pending.id(), services.clock());
        try {
            Optional<LockLease> lease = new LockWaiter(services.store().locks(), services.clock(), services.sleeper())
                    .acquire(
                            env.target(),
                            services.holder(),
                            pending.id(),
                            env.lockTimeout(),
                            services.lease(),
                            () -> cancel.poll().isPresent());
            if (lease.isEmpty()) {
                cancel.poll()
                        .ifPresent(r -> abandon(
                                pending,
                                DeploymentStatus.CANCELLED,
                                ErrorCode.CANCELLED,
                                "cancelled " + r.describe() + " while it waited for the lock",
                                0));
                return null;
            }
            return lease.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(
                    pending,
                    DeploymentStatus.CANCELLED,
                    ErrorCode.INTERRUPTED,
                    "interrupted while waiting for the lock",
                    0);
            throw new FraisierException(
                    ErrorCode.INTERRUPTED,
                    "Deployment #" + pending.id() + " of " + env.target()
                            + " was interrupted while waiting for the lock",
                    null);
        } catch (FraisierException e) {
            abandon(pending, DeploymentStatus.FAILED, e.code(), e.getMessage(), 0);
            throw e;
        }
    }

    /** The row, when it has reached a final status; empty when it has not or cannot be read. */
    private Optional<Deployment> endedMeanwhile(long id) {
        try {
            return services.store()
                    .deployments()
                    .find(id)
                    .filter(d -> d.status().isTerminal());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private void release(LockLease lease) {
        try {
            // through a database restart too: a lock left behind holds the target's next deployment
            // until the lease lapses
            StoreRetry.call(
                    services,
                    "the release of the lock of " + lease.target(),
                    () -> services.store().locks().release(lease));
        } catch (RuntimeException e) {
            // the lease lapses on its own within its length; the next deployment reclaims it then
            System.getLogger(DeploymentEngine.class.getName())
                    .log(System.Logger.Level.WARNING, "could not release the lock of " + lease.target(), e);
        }
    }

    /** A throwable as one line for events and messages. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return t instanceof FraisierException
                ? String.valueOf(m)
                : t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
