package io.fraisier.testkit.fake;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.FraiseState;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.DeploymentEventStore;
import io.fraisier.core.spi.DeploymentQueue;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.DeploymentUpdate;
import io.fraisier.core.spi.FraiseStateStore;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.spi.LockStore;
import io.fraisier.core.spi.MetricCounterStore;
import io.fraisier.core.spi.WebhookEventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A faithful in-memory {@link FraisierStore}: state machine checks, fencing tokens, lock leases,
 * durable-style counters, the pending queue with claims and supersession, webhook dedupe and crash
 * recovery, as the real stores do them. Every operation holds one monitor, so it is thread-safe and
 * atomic. Tests can make a transition fail ({@link #failTransitionsTo}) or the database go away
 * ({@link #down}).
 */
public final class InMemoryStore implements FraisierStore {
    final Object mutex = new Object();
    final TreeMap<Long, Deployment> deployments = new TreeMap<>();
    final Map<Long, String> claims = new HashMap<>();
    final Map<Long, io.fraisier.core.model.CancelRequest> cancels = new HashMap<>();
    /** When each claim of {@link #claims} was made: older than the claim lease, it no longer counts. */
    final Map<Long, java.time.Instant> claimedAt = new HashMap<>();

    final List<DeploymentEvent> events = new ArrayList<>();
    final Map<Target, FraiseState> states = new LinkedHashMap<>();
    final Map<Target, LockLease> locks = new LinkedHashMap<>();
    final Map<Target, Long> tokens = new HashMap<>();
    final TreeMap<Long, WebhookEvent> webhooks = new TreeMap<>();
    /** Claims on unprocessed webhook events, as the real stores' {@code claimed_at}. */
    final Map<Long, java.time.Instant> webhookClaims = new HashMap<>();

    final Map<Target, io.fraisier.core.model.Freeze> freezes = new LinkedHashMap<>();

    final Map<DeploymentStatus, FraisierException> transitionFailures = new HashMap<>();
    final Map<DeploymentStatus, Integer> transitionFailuresLeft = new HashMap<>();
    final InMemoryCounters counters = new InMemoryCounters(this);
    long nextId = 1;
    long nextWebhookId = 1;
    boolean down;

    /** {@link #silent}'s state, guarded by {@link #silence} (not the mutex: calls hang holding that). */
    private volatile boolean silent;

    private final Object silence = new Object();
    boolean refuseInterrupted;

    @Nullable
    FraisierException writeFailure;

    boolean closed;

    final InMemoryDeploymentStore deploymentStore = new InMemoryDeploymentStore(this);
    private final InMemoryLockStore lockStore = new InMemoryLockStore(this);
    private final InMemoryQueue queue = new InMemoryQueue(this);
    private final InMemoryFreezeStore freezeStore = new InMemoryFreezeStore(this);
    final InMemoryOutbox outbox = new InMemoryOutbox(this);

    @Override
    public String description() {
        return "in-memory store";
    }

    @Override
    public io.fraisier.core.spi.NotificationOutbox outbox() {
        return outbox;
    }

    @Override
    public DeploymentStore deployments() {
        return deploymentStore;
    }

    @Override
    public DeploymentEventStore events() {
        return new DeploymentEventStore() {
            @Override
            public void append(DeploymentEvent event) {
                synchronized (mutex) {
                    checkUp();
                    events.add(event);
                }
            }

            @Override
            public List<DeploymentEvent> list(long deploymentId) {
                synchronized (mutex) {
                    checkUp();
                    return events.stream()
                            .filter(e -> e.deploymentId() == deploymentId)
                            .toList();
                }
            }
        };
    }

    @Override
    public FraiseStateStore states() {
        return new FraiseStateStore() {
            @Override
            public Optional<FraiseState> find(Target target) {
                synchronized (mutex) {
                    checkUp();
                    return Optional.ofNullable(states.get(target));
                }
            }

            @Override
            public List<FraiseState> list() {
                synchronized (mutex) {
                    checkUp();
                    return states.values().stream()
                            .sorted(Comparator.comparing(
                                            (FraiseState s) -> s.target().fraise())
                                    .thenComparing(s -> s.target().environment()))
                            .toList();
                }
            }
        };
    }

    @Override
    public LockStore locks() {
        return lockStore;
    }

    @Override
    public DeploymentQueue queue() {
        return queue;
    }

    @Override
    public WebhookEventStore webhooks() {
        return new InMemoryWebhookStore(this);
    }

    @Override
    public MetricCounterStore counters() {
        return counters;
    }

    @Override
    public io.fraisier.core.spi.FreezeStore freezes() {
        return freezeStore;
    }

    @Override
    public io.fraisier.core.model.PruneResult prune(Instant before, boolean dryRun) {
        synchronized (mutex) {
            checkUp();
            List<Long> gone = deployments.values().stream()
                    .filter(d -> d.status().isTerminal()
                            && d.completedAt() != null
                            && d.completedAt().isBefore(before))
                    .map(Deployment::id)
                    .toList();
            java.util.Set<Long> running = new java.util.HashSet<>();
            deployments.values().stream()
                    .filter(d -> !d.status().isTerminal() && d.webhookEventId() != null)
                    .forEach(d -> running.add(d.webhookEventId()));
            List<Long> hooks = webhooks.values().stream()
                    .filter(w -> w.receivedAt().isBefore(before) && !running.contains(w.id()))
                    .map(WebhookEvent::id)
                    .toList();
            long eventCount =
                    events.stream().filter(e -> gone.contains(e.deploymentId())).count();
            if (!dryRun) {
                gone.forEach(deployments::remove);
                events.removeIf(e -> gone.contains(e.deploymentId()));
                hooks.forEach(id -> {
                    webhooks.remove(id);
                    webhookClaims.remove(id);
                });
            }
            return new io.fraisier.core.model.PruneResult(gone.size(), eventCount, hooks.size());
        }
    }

    @Override
    public List<Deployment> recoverInterrupted(Instant now, String errorMessage) {
        return recoverInterrupted(now, errorMessage, ended -> List.of());
    }

    @Override
    public List<Deployment> recoverInterrupted(
            Instant now,
            String errorMessage,
            java.util.function.Function<Deployment, List<io.fraisier.core.model.Notification.New>> notifications) {
        synchronized (mutex) {
            checkUp();
            List<Deployment> out = new ArrayList<>();
            for (Deployment d : List.copyOf(deployments.values())) {
                if (d.status() != DeploymentStatus.IN_PROGRESS) {
                    continue;
                }
                LockLease lock = locks.get(d.target());
                boolean ownsLock = lock != null && lock.deploymentId() == d.id();
                if (ownsLock && !lock.isExpiredAt(now)) {
                    continue;
                }
                if (ownsLock) {
                    locks.remove(d.target());
                }
                Deployment ended = deploymentStore.apply(new DeploymentUpdate(
                        d.id(),
                        DeploymentStatus.IN_PROGRESS,
                        DeploymentStatus.INTERRUPTED,
                        0,
                        now,
                        null,
                        null,
                        null,
                        ErrorCode.INTERRUPTED.id(),
                        errorMessage,
                        null,
                        null));
                outbox.add(notifications.apply(ended));
                out.add(ended);
            }
            return out;
        }
    }

    @Override
    public void ping() {
        synchronized (mutex) {
            checkUp();
        }
    }

    @Override
    public void checkWritable() {
        synchronized (mutex) {
            checkUp();
            checkWritesWork();
        }
    }

    @Override
    public void close() {
        synchronized (mutex) {
            closed = true;
        }
    }

    /** Makes every later transition to {@code status} throw {@code failure} (null: stop failing). */
    public void failTransitionsTo(DeploymentStatus status, FraisierException failure) {
        failTransitionsTo(status, failure, Integer.MAX_VALUE);
    }

    /**
     * Makes the next {@code times} transitions to {@code status} throw {@code failure}, then work again (a
     * database that comes back after a number of refusals, whoever asks and whenever).
     */
    public void failTransitionsTo(DeploymentStatus status, FraisierException failure, int times) {
        synchronized (mutex) {
            if (failure == null || times <= 0) {
                transitionFailures.remove(status);
                transitionFailuresLeft.remove(status);
            } else {
                transitionFailures.put(status, failure);
                transitionFailuresLeft.put(status, times);
            }
        }
    }

    /** Throws the failure injected for transitions to {@code to}, if any is left; under {@link #mutex}. */
    void checkTransition(DeploymentStatus to) {
        checkNotInterrupted();
        FraisierException injected = transitionFailures.get(to);
        if (injected == null) {
            return;
        }
        int left = transitionFailuresLeft.merge(to, -1, Integer::sum);
        if (left <= 0) {
            transitionFailures.remove(to);
            transitionFailuresLeft.remove(to);
        }
        throw injected;
    }

    /**
     * Makes every call hang until {@code silent(false)}, as a database behind a black-holed network does
     * (the calls ignore interrupts, as a blocked socket read does); the calls then go on as usual.
     */
    public void silent(boolean value) {
        synchronized (silence) {
            silent = value;
            silence.notifyAll();
        }
    }

    /** Makes every call fail with {@code DATABASE_UNAVAILABLE} (or work again). */
    public void down(boolean value) {
        synchronized (mutex) {
            down = value;
        }
    }

    /**
     * Makes {@link #checkWritable}, webhook writes (record, claim, markProcessed) and the diagnostic counters
     * (health attempts, lock waits) fail with {@code DATABASE_UNAVAILABLE} while reads go on (a full disk or a read-only database), or work again.
     */
    public void failWrites(boolean value) {
        failWritesWith(
                value
                        ? new FraisierException(
                                ErrorCode.DATABASE_UNAVAILABLE,
                                "in-memory store cannot write (test)",
                                "Call failWrites(false).")
                        : null);
    }

    /** As {@link #failWrites}, with {@code failure} (a clock the store refuses, say); null: writes work again. */
    public void failWritesWith(@Nullable FraisierException failure) {
        synchronized (mutex) {
            writeFailure = failure;
        }
    }

    void checkWritesWork() {
        FraisierException failure = writeFailure;
        if (failure != null) {
            throw failure;
        }
    }

    public boolean isClosed() {
        synchronized (mutex) {
            return closed;
        }
    }

    /** Every stored event, in order of writing (all deployments). */
    public List<DeploymentEvent> allEvents() {
        synchronized (mutex) {
            return List.copyOf(events);
        }
    }

    /** Every deployment, by id. */
    public List<Deployment> allDeployments() {
        synchronized (mutex) {
            return List.copyOf(deployments.values());
        }
    }

    /**
     * Makes status transitions and lock releases from an interrupted thread fail with {@code
     * DATABASE_UNAVAILABLE}, as a connection pool that will not wait for a busy connection on such a thread
     * does (HikariCP), or work again: the writes that record how an interrupted run ended.
     */
    public void refuseInterruptedCallers(boolean value) {
        synchronized (mutex) {
            refuseInterrupted = value;
        }
    }

    void checkUp() {
        if (silent) {
            boolean interrupted = false;
            synchronized (silence) {
                while (silent) {
                    try {
                        silence.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (down) {
            throw new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE, "in-memory store is down (test)", "Call down(false).");
        }
    }

    /** {@link #refuseInterruptedCallers}' check, for the writes it names. */
    void checkNotInterrupted() {
        if (refuseInterrupted && Thread.currentThread().isInterrupted()) {
            throw new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE,
                    "interrupted while waiting for a connection (test)",
                    "Call refuseInterruptedCallers(false).");
        }
    }
}
