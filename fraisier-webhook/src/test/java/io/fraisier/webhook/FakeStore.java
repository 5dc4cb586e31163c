package io.fraisier.webhook;

import io.fraisier.core.api.ErrorCode;
import io.fraisier.core.api.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.NewDeployment;
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
import java.util.List;
import java.util.Optional;

/**
 * An in-memory store with only what the webhook receiver uses: deployments (create, find), the queue
 * (supersede, depth) and webhook events. {@link #down} makes every call fail as an unreachable database.
 */
final class FakeStore implements FraisierStore {
    volatile boolean down;
    private final List<Deployment> deployments = new ArrayList<>();
    private final List<WebhookEvent> events = new ArrayList<>();

    synchronized List<Deployment> deploymentRows() {
        return List.copyOf(deployments);
    }

    synchronized List<WebhookEvent> eventRows() {
        return List.copyOf(events);
    }

    private void check() {
        if (down) {
            throw new FraisierException(
                    ErrorCode.DATABASE_UNAVAILABLE, "Database fake is unreachable", "Start the fake again.");
        }
    }

    @Override
    public String description() {
        return "in-memory fake";
    }

    @Override
    public DeploymentStore deployments() {
        return new DeploymentStore() {
            @Override
            public Deployment create(NewDeployment r, Instant now) {
                synchronized (FakeStore.this) {
                    check();
                    Deployment d = new Deployment(
                            deployments.size() + 1L,
                            r.target(),
                            r.provider(),
                            DeploymentStatus.PENDING,
                            r.trigger(),
                            r.triggeredBy(),
                            null,
                            null,
                            r.gitBranch(),
                            r.gitCommit(),
                            r.webhookEventId(),
                            r.requestedVersion(),
                            r.force(),
                            0,
                            now,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null);
                    deployments.add(d);
                    return d;
                }
            }

            @Override
            public Optional<Deployment> find(long id) {
                synchronized (FakeStore.this) {
                    check();
                    return deployments.stream().filter(d -> d.id() == id).findFirst();
                }
            }

            @Override
            public Deployment transition(DeploymentUpdate update) {
                throw new AssertionError("the webhook receiver does not change deployments");
            }

            @Override
            public List<Deployment> history(HistoryQuery query) {
                throw new AssertionError("the webhook receiver reads no history");
            }

            @Override
            public List<DeploymentStats> stats(Instant since, String fraise) {
                throw new AssertionError("the webhook receiver reads no stats");
            }
        };
    }

    @Override
    public DeploymentQueue queue() {
        return new DeploymentQueue() {
            @Override
            public Optional<Deployment> claimNext(String worker, Instant now) {
                throw new AssertionError("the webhook receiver claims nothing");
            }

            @Override
            public List<Long> supersedeOlder(Target target, long newerId, Instant now) {
                synchronized (FakeStore.this) {
                    check();
                    List<Long> superseded = new ArrayList<>();
                    for (int i = 0; i < deployments.size(); i++) {
                        Deployment d = deployments.get(i);
                        if (d.target().equals(target) && d.id() < newerId && d.status() == DeploymentStatus.PENDING) {
                            deployments.set(i, withStatus(d, DeploymentStatus.SUPERSEDED));
                            superseded.add(d.id());
                        }
                    }
                    return superseded;
                }
            }

            @Override
            public long depth() {
                synchronized (FakeStore.this) {
                    check();
                    return deployments.stream()
                            .filter(d -> d.status() == DeploymentStatus.PENDING)
                            .count();
                }
            }

            @Override
            public int releaseClaims(String worker) {
                throw new AssertionError("the webhook receiver claims nothing");
            }
        };
    }

    @Override
    public WebhookEventStore webhooks() {
        return new WebhookEventStore() {
            @Override
            public Recorded record(WebhookEvent e) {
                synchronized (FakeStore.this) {
                    check();
                    for (WebhookEvent old : events) {
                        if (e.deliveryId() != null
                                && e.deliveryId().equals(old.deliveryId())
                                && e.gitHost().equals(old.gitHost())) {
                            return new Recorded(old, true);
                        }
                    }
                    WebhookEvent stored = new WebhookEvent(
                            events.size() + 1L,
                            e.receivedAt(),
                            e.gitHost(),
                            e.eventType(),
                            e.deliveryId(),
                            e.ref(),
                            e.refType(),
                            e.commit(),
                            e.sender(),
                            e.repository(),
                            e.payload(),
                            false,
                            null,
                            List.of());
                    events.add(stored);
                    return new Recorded(stored, false);
                }
            }

            @Override
            public void markProcessed(long id, String outcome, List<Long> deploymentIds) {
                synchronized (FakeStore.this) {
                    check();
                    WebhookEvent e = events.get((int) id - 1);
                    events.set(
                            (int) id - 1,
                            new WebhookEvent(
                                    e.id(),
                                    e.receivedAt(),
                                    e.gitHost(),
                                    e.eventType(),
                                    e.deliveryId(),
                                    e.ref(),
                                    e.refType(),
                                    e.commit(),
                                    e.sender(),
                                    e.repository(),
                                    e.payload(),
                                    true,
                                    outcome,
                                    deploymentIds));
                }
            }

            @Override
            public List<WebhookEvent> recent(int limit) {
                throw new AssertionError("the webhook receiver lists no events");
            }
        };
    }

    private static Deployment withStatus(Deployment d, DeploymentStatus status) {
        return new Deployment(
                d.id(),
                d.target(),
                d.provider(),
                status,
                d.trigger(),
                d.triggeredBy(),
                d.oldVersion(),
                d.newVersion(),
                d.gitBranch(),
                d.gitCommit(),
                d.webhookEventId(),
                d.requestedVersion(),
                d.force(),
                d.fencingToken(),
                d.createdAt(),
                d.startedAt(),
                d.completedAt(),
                d.durationSeconds(),
                d.errorType(),
                d.errorMessage(),
                d.resolvedBy(),
                d.resolutionReason());
    }

    @Override
    public DeploymentEventStore events() {
        throw new AssertionError("the webhook receiver writes no deployment events");
    }

    @Override
    public FraiseStateStore states() {
        throw new AssertionError("the webhook receiver reads no fraise state");
    }

    @Override
    public LockStore locks() {
        throw new AssertionError("the webhook receiver takes no lock");
    }

    @Override
    public MetricCounterStore counters() {
        throw new AssertionError("the webhook receiver reads no counters");
    }

    @Override
    public List<Deployment> recoverInterrupted(Instant now) {
        throw new AssertionError("the webhook receiver does not recover");
    }

    @Override
    public void ping() {
        check();
    }

    @Override
    public void close() {}
}
