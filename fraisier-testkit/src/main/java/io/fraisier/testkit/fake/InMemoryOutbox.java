package io.fraisier.testkit.fake;

import io.fraisier.core.model.Notification;
import io.fraisier.core.spi.NotificationOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link NotificationOutbox} of the {@link InMemoryStore}: rows and claims as the real stores keep them,
 * under the store's monitor.
 */
final class InMemoryOutbox implements NotificationOutbox {
    private final InMemoryStore db;
    final TreeMap<Long, Notification> rows = new TreeMap<>();
    private final java.util.Map<Long, Claim> claims = new java.util.HashMap<>();
    private long nextId = 1;

    private record Claim(String holder, Instant until) {}

    InMemoryOutbox(InMemoryStore db) {
        this.db = db;
    }

    /** Adds rows; the caller holds the mutex. */
    void add(List<Notification.New> messages) {
        for (Notification.New m : messages) {
            long id = nextId++;
            rows.put(
                    id,
                    new Notification(
                            id,
                            m.deliveryId(),
                            m.deploymentId(),
                            m.channel(),
                            m.channelType(),
                            m.event(),
                            m.body(),
                            Notification.State.PENDING,
                            0,
                            m.createdAt(),
                            null,
                            m.createdAt(),
                            null));
        }
    }

    @Override
    public void enqueue(List<Notification.New> messages) {
        synchronized (db.mutex) {
            db.checkUp();
            db.checkWritesWork();
            add(messages);
        }
    }

    @Override
    public List<Notification> claim(String holder, Instant now, Duration lease, int limit) {
        synchronized (db.mutex) {
            db.checkUp();
            List<Notification> out = new ArrayList<>();
            for (Notification n : rows.values()) {
                if (out.size() >= limit) {
                    break;
                }
                Claim c = claims.get(n.id());
                if (n.state() == Notification.State.PENDING
                        && !n.nextAttemptAt().isAfter(now)
                        && (c == null || c.until().isBefore(now))) {
                    claims.put(n.id(), new Claim(holder, now.plus(lease)));
                    out.add(n);
                }
            }
            return out;
        }
    }

    @Override
    public boolean markDelivered(long id, String holder, Instant at) {
        return update(id, holder, Notification.State.DELIVERED, null, at, null);
    }

    @Override
    public boolean markRetry(long id, String holder, Instant nextAttemptAt, String error) {
        return update(id, holder, Notification.State.PENDING, nextAttemptAt, null, error);
    }

    @Override
    public boolean markFailed(long id, String holder, Instant at, String error) {
        return update(id, holder, Notification.State.FAILED, null, null, error);
    }

    private boolean update(
            long id,
            String holder,
            Notification.State state,
            @Nullable Instant next,
            @Nullable Instant deliveredAt,
            @Nullable String error) {
        synchronized (db.mutex) {
            db.checkUp();
            db.checkWritesWork();
            Notification n = rows.get(id);
            Claim c = claims.get(id);
            if (n == null
                    || n.state() != Notification.State.PENDING
                    || c == null
                    || !c.holder().equals(holder)) {
                return false;
            }
            claims.remove(id);
            rows.put(
                    id,
                    new Notification(
                            n.id(),
                            n.deliveryId(),
                            n.deploymentId(),
                            n.channel(),
                            n.channelType(),
                            n.event(),
                            n.body(),
                            state,
                            n.attempts() + 1,
                            next != null ? next : n.nextAttemptAt(),
                            error != null ? error : n.lastError(),
                            n.createdAt(),
                            deliveredAt));
            return true;
        }
    }

    @Override
    public List<Notification> list(Set<Notification.State> states, int limit) {
        synchronized (db.mutex) {
            db.checkUp();
            return rows.values().stream()
                    .filter(n -> states.contains(n.state()))
                    .sorted(Comparator.comparing(Notification::createdAt)
                            .thenComparing(Notification::id)
                            .reversed())
                    .limit(limit)
                    .toList();
        }
    }
}
