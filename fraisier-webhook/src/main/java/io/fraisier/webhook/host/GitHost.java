package io.fraisier.webhook.host;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The git hosts whose webhooks the daemon understands, with the headers that carry their event name
 * and delivery id.
 *
 * <p>Delivery ids are the ones that stay the same when the host redelivers an event. Per-hook ids
 * ({@code X-Gitlab-Webhook-UUID}, {@code X-Hook-UUID}) are deliberately not used: they are the same for
 * every event of a hook, so deduplicating on them would drop every push after the first.
 */
public enum GitHost {
    GITHUB(
            "github",
            List.of("X-GitHub-Event"),
            List.of("X-GitHub-Delivery"),
            List.of("X-Hub-Signature-256", "X-Hub-Signature")),
    GITLAB(
            "gitlab",
            List.of("X-Gitlab-Event"),
            List.of("Idempotency-Key", "X-Gitlab-Event-UUID", "webhook-id"),
            List.of("X-Gitlab-Token", "webhook-signature")),
    GITEA(
            "gitea",
            List.of("X-Gitea-Event", "X-Gogs-Event"),
            List.of("X-Gitea-Delivery", "X-Gogs-Delivery"),
            List.of("X-Gitea-Signature", "X-Hub-Signature-256")),
    BITBUCKET(
            "bitbucket", List.of("X-Event-Key"), List.of("X-Request-UUID", "X-Request-Id"), List.of("X-Hub-Signature"));

    private final String id;
    private final List<String> eventHeaders;
    private final List<String> deliveryHeaders;
    private final List<String> credentialHeaders;

    GitHost(String id, List<String> eventHeaders, List<String> deliveryHeaders, List<String> credentialHeaders) {
        this.id = id;
        this.eventHeaders = eventHeaders;
        this.deliveryHeaders = deliveryHeaders;
        this.credentialHeaders = credentialHeaders;
    }

    /**
     * Whether the request carries at least one header that can hold this host's signature or token. A
     * request without one is refused before its body is read; one with it is still verified over the
     * body.
     */
    public boolean carriesCredential(Headers headers) {
        return headers.first(credentialHeaders) != null;
    }

    /** The name used in {@code fraises.yaml} ({@code git.github}), URLs and the database. */
    public String id() {
        return id;
    }

    /** The host's event name ({@code push}, {@code Push Hook}, {@code repo:push}), or null when not sent. */
    public @Nullable String eventType(Headers headers) {
        return headers.first(eventHeaders);
    }

    /** The host's id of this delivery, or null when it sent none. */
    public @Nullable String deliveryId(Headers headers) {
        return headers.first(deliveryHeaders);
    }

    /** The header whose presence identifies this host. */
    String detectionHeader() {
        return eventHeaders.getFirst();
    }

    public static Optional<GitHost> fromId(@Nullable String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (GitHost host : values()) {
            if (host.id.equals(wanted)) {
                return Optional.of(host);
            }
        }
        return Optional.empty();
    }

    /** The ids of every host, for messages. */
    public static String ids() {
        return String.join(", ", List.of(values()).stream().map(GitHost::id).toList());
    }
}
