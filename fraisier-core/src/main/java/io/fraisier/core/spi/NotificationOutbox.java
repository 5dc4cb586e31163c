package io.fraisier.core.spi;

import io.fraisier.core.model.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The durable notification outbox ({@code tb_notification}). Messages are written with a deployment's
 * terminal status ({@link DeploymentStore#transition(DeploymentUpdate, java.util.function.Function)}, same
 * transaction) and sent later by whichever process runs a delivery loop. A message is sent by the one
 * process that claimed it: claims are leases, so a process that dies holding one only delays it.
 * Thread-safe and safe across processes.
 */
public interface NotificationOutbox {
    /** Writes messages as {@code pending}, due at once (for messages not tied to a transition). */
    void enqueue(List<Notification.New> messages);

    /**
     * Claims up to {@code limit} pending messages due at {@code now} ({@code next_attempt_at <= now}) that
     * no live claim holds, for {@code lease}, oldest first. Of racing callers (across processes) each
     * message goes to exactly one.
     */
    List<Notification> claim(String holder, Instant now, Duration lease, int limit);

    /**
     * Records that a receiver accepted the message: it is never sent again. Only the claim's holder may;
     * false when the claim was lost (expired and taken by another process) or the message is not pending.
     */
    boolean markDelivered(long id, String holder, Instant at);

    /** Records a failed attempt and when to try again; gives the claim back. False as {@link #markDelivered}. */
    boolean markRetry(long id, String holder, Instant nextAttemptAt, String error);

    /** Records a last failed attempt: the message is {@code failed} and not tried again. */
    boolean markFailed(long id, String holder, Instant at, String error);

    /** Messages in these states, newest first. */
    List<Notification> list(Set<Notification.State> states, int limit);
}
