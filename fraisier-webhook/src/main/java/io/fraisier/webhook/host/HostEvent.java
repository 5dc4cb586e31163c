package io.fraisier.webhook.host;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What a verified webhook delivery says, once parsed: a push, a ping, or an event the daemon ignores. */
public sealed interface HostEvent {
    /** The host's event name, or a name inferred from the body when the header was missing. */
    String eventType();

    /** Who pushed (login, user name), or null. */
    @Nullable
    String sender();

    /** {@code owner/name}, or null. */
    @Nullable
    String repository();

    /**
     * Branches and tags a push moved; Bitbucket pushes can carry several.
     *
     * @param updates at least one ref
     */
    record Push(
            String eventType,
            List<RefUpdate> updates,
            @Nullable String sender,
            @Nullable String repository) implements HostEvent {
        public Push {
            Objects.requireNonNull(eventType, "eventType");
            updates = List.copyOf(updates);
            if (updates.isEmpty()) {
                throw new IllegalArgumentException("a push moves at least one ref");
            }
        }
    }

    /** A host checking that the hook works: answered {@code pong}, deploys nothing. */
    record Ping(
            String eventType,
            @Nullable String sender,
            @Nullable String repository) implements HostEvent {
        public Ping {
            Objects.requireNonNull(eventType, "eventType");
        }
    }

    /** Anything else (pull requests, issues, branch creation events): recorded and ignored. */
    record Ignored(
            String eventType,
            String reason,
            @Nullable String sender,
            @Nullable String repository) implements HostEvent {
        public Ignored {
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
