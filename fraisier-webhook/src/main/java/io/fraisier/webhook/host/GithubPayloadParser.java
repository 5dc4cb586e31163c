package io.fraisier.webhook.host;

import static io.fraisier.webhook.host.JsonFields.either;
import static io.fraisier.webhook.host.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * GitHub payloads: {@code push} (ref, {@code after}, {@code deleted}), {@code ping}; every other event
 * ({@code create}, {@code delete}, {@code pull_request}, …) is ignored, because a branch or tag that
 * changes always comes with its own {@code push}.
 */
public final class GithubPayloadParser implements PayloadParser {
    @Override
    public HostEvent parse(@Nullable String eventType, JsonNode body) {
        String sender = either(text(body, "sender", "login"), text(body, "pusher", "name"));
        String repository = text(body, "repository", "full_name");
        String event = eventType != null ? eventType : inferred(body);
        return switch (event) {
            case "ping" -> new HostEvent.Ping(event, sender, repository);
            case "push" -> refPush("github", event, body, sender, repository);
            default ->
                new HostEvent.Ignored(
                        event, "github event '" + event + "' does not deploy (only push does)", sender, repository);
        };
    }

    private static String inferred(JsonNode body) {
        if (body.has("zen") || body.has("hook_id")) {
            return "ping";
        }
        return body.has("ref") && body.has("after") ? "push" : "unknown";
    }

    /** A push shaped as GitHub, Gitea and Forgejo send it: {@code ref}, {@code after}, {@code deleted}. */
    static HostEvent refPush(
            String host, String event, JsonNode body, @Nullable String sender, @Nullable String repository) {
        String ref = JsonFields.required(body, host, "ref");
        boolean deleted = body.path("deleted").asBoolean(false);
        return RefUpdate.of(ref, text(body, "after"), deleted)
                .<HostEvent>map(update -> new HostEvent.Push(event, List.of(update), sender, repository))
                .orElseGet(() -> new HostEvent.Ignored(
                        event, "ref '" + ref + "' is neither a branch nor a tag", sender, repository));
    }
}
