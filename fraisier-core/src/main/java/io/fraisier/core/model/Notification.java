package io.fraisier.core.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message of the notification outbox ({@code tb_notification}): a deployment's end, for one channel.
 * It holds the rendered message (never a secret) and the channel's name; the channel's URL, token or
 * password are read from the config when it is sent.
 *
 * @param id the row id
 * @param deliveryId a stable id sent with every attempt ({@code X-Fraisier-Delivery}), so a receiver can
 *     drop a copy sent again after a crash between sending and recording it
 * @param deploymentId the deployment it is about
 * @param channel the channel's name in {@code notifications:}
 * @param channelType the channel's type when it was enqueued
 * @param event the deployment's status ({@code success}, {@code failed}, …)
 * @param body the message, as JSON (see {@code docs/NOTIFICATIONS.md})
 * @param state pending, delivered or failed
 * @param attempts sending attempts made so far
 * @param nextAttemptAt when a pending message may be sent (again)
 * @param lastError why the last attempt failed (never a secret), or null
 * @param createdAt when it was enqueued (the deployment's end)
 * @param deliveredAt when a receiver accepted it, or null
 */
public record Notification(
        long id,
        String deliveryId,
        long deploymentId,
        String channel,
        String channelType,
        String event,
        String body,
        State state,
        int attempts,
        Instant nextAttemptAt,
        @Nullable String lastError,
        Instant createdAt,
        @Nullable Instant deliveredAt) {
    public Notification {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(state, "state");
    }

    /** Where a message is in its life. */
    public enum State {
        PENDING,
        DELIVERED,
        FAILED;

        public String dbValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** A message to enqueue. */
    public record New(
            String deliveryId,
            long deploymentId,
            String channel,
            String channelType,
            String event,
            String body,
            Instant createdAt) {
        public New {
            Objects.requireNonNull(deliveryId, "deliveryId");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(channelType, "channelType");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }
}
