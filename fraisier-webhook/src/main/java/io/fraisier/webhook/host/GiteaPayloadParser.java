package io.fraisier.webhook.host;

import static io.fraisier.webhook.host.JsonFields.either;
import static io.fraisier.webhook.host.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * Gitea and Forgejo payloads: {@code push} as GitHub shapes it. Their {@code create} and {@code delete}
 * events (for tags too) are ignored: Gitea sends a {@code push} for the same ref, and deploying on both
 * would deploy twice.
 */
public final class GiteaPayloadParser implements PayloadParser {
    @Override
    public HostEvent parse(@Nullable String eventType, JsonNode body) {
        String sender = either(
                text(body, "sender", "login"), either(text(body, "pusher", "login"), text(body, "pusher", "username")));
        String repository = text(body, "repository", "full_name");
        String event = eventType != null ? eventType : (body.has("ref") && body.has("after") ? "push" : "unknown");
        if (event.equals("push")) {
            return GithubPayloadParser.refPush("gitea", event, body, sender, repository);
        }
        String reason = event.equals("create") || event.equals("delete")
                ? "gitea '" + event + "' events do not deploy (the push event of the same ref does)"
                : "gitea event '" + event + "' does not deploy (only push does)";
        return new HostEvent.Ignored(event, reason, sender, repository);
    }
}
