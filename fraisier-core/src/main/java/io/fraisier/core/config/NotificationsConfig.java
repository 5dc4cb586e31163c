package io.fraisier.core.config;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code notifications:} block: the channels, in file order, and the optional link put in every
 * message ({@code link_template}, with {@code {fraise}}, {@code {environment}}, {@code {id}},
 * {@code {status}} and {@code {version}} replaced).
 *
 * <p>Immutable and thread-safe.
 */
public record NotificationsConfig(
        List<NotificationChannel> channels, @Nullable String linkTemplate) {
    private static final NotificationsConfig NONE = new NotificationsConfig(List.of(), null);

    public NotificationsConfig {
        channels = List.copyOf(channels);
    }

    /** No channel: nothing is ever enqueued. */
    public static NotificationsConfig none() {
        return NONE;
    }

    public boolean isEmpty() {
        return channels.isEmpty();
    }

    public Optional<NotificationChannel> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
