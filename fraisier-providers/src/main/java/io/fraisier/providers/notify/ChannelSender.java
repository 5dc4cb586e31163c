package io.fraisier.providers.notify;

import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.model.Notification;
import java.time.Duration;

/** Sends one outbox message to one kind of channel. Thread-safe. */
public interface ChannelSender {
    /**
     * Sends {@code message} to {@code channel}; returns only when the receiver accepted it.
     *
     * @param timeout how long the whole attempt may take
     * @throws DeliveryFailure when the receiver is unreachable, slow, or refuses it
     */
    void send(NotificationChannel channel, Notification message, Duration timeout) throws DeliveryFailure;
}
