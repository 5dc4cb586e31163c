package io.fraisier.webhook.host;

import static io.fraisier.webhook.host.JsonFields.either;
import static io.fraisier.webhook.host.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Bitbucket payloads. Cloud {@code repo:push}: {@code push.changes[]}, each with {@code new} (null when
 * the ref was deleted, then {@code old} names it). Server / Data Center {@code repo:refs_changed}:
 * {@code changes[]} with {@code ref.displayId}, {@code ref.type} and {@code toHash} (zeros when
 * deleted); its {@code diagnostics:ping} is a ping. One push can move several refs.
 */
public final class BitbucketPayloadParser implements PayloadParser {
    @Override
    public HostEvent parse(@Nullable String eventType, JsonNode body) {
        String event = eventType != null ? eventType : inferred(body);
        return switch (event) {
            case "repo:push" -> cloudPush(event, body);
            case "repo:refs_changed" -> serverPush(event, body);
            case "diagnostics:ping" -> new HostEvent.Ping(event, serverSender(body), serverRepository(body));
            default ->
                new HostEvent.Ignored(
                        event,
                        "bitbucket event '" + event + "' does not deploy (only repo:push and repo:refs_changed do)",
                        either(cloudSender(body), serverSender(body)),
                        either(text(body, "repository", "full_name"), serverRepository(body)));
        };
    }

    private static String inferred(JsonNode body) {
        if (body.path("push").path("changes").isArray()) {
            return "repo:push";
        }
        return body.path("changes").isArray() ? "repo:refs_changed" : "unknown";
    }

    private static HostEvent cloudPush(String event, JsonNode body) {
        String sender = cloudSender(body);
        String repository = text(body, "repository", "full_name");
        List<RefUpdate> updates = new ArrayList<>();
        for (JsonNode change : changes(body.path("push").path("changes"), "push.changes")) {
            JsonNode side = change.path("new").isObject() ? change.path("new") : change.path("old");
            RefUpdate.Kind kind = kind(text(side, "type"));
            String name = text(side, "name");
            if (kind != null && name != null) {
                boolean deleted = !change.path("new").isObject();
                updates.add(RefUpdate.of(kind, name, deleted ? null : text(side, "target", "hash"), deleted));
            }
        }
        return push(event, updates, sender, repository);
    }

    private static HostEvent serverPush(String event, JsonNode body) {
        String sender = serverSender(body);
        String repository = serverRepository(body);
        List<RefUpdate> updates = new ArrayList<>();
        for (JsonNode change : changes(body.path("changes"), "changes")) {
            RefUpdate.Kind kind = kind(text(change, "ref", "type"));
            String name = text(change, "ref", "displayId");
            if (kind != null && name != null) {
                boolean deleted = "DELETE".equalsIgnoreCase(text(change, "type"));
                updates.add(RefUpdate.of(kind, name, text(change, "toHash"), deleted));
            }
        }
        return push(event, updates, sender, repository);
    }

    private static HostEvent push(
            String event, List<RefUpdate> updates, @Nullable String sender, @Nullable String repository) {
        return updates.isEmpty()
                ? new HostEvent.Ignored(event, "the push moved no branch or tag", sender, repository)
                : new HostEvent.Push(event, updates, sender, repository);
    }

    private static JsonNode changes(JsonNode changes, String path) {
        if (!changes.isArray()) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "The bitbucket push payload has no '" + path + "' list.",
                    "Send the host's own push payload unchanged.");
        }
        return changes;
    }

    private static RefUpdate.@Nullable Kind kind(@Nullable String type) {
        if (type == null) {
            return null;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "branch" -> RefUpdate.Kind.BRANCH;
            case "tag" -> RefUpdate.Kind.TAG;
            default -> null;
        };
    }

    private static @Nullable String cloudSender(JsonNode body) {
        return either(text(body, "actor", "nickname"), text(body, "actor", "display_name"));
    }

    private static @Nullable String serverSender(JsonNode body) {
        return either(text(body, "actor", "name"), text(body, "actor", "displayName"));
    }

    private static @Nullable String serverRepository(JsonNode body) {
        String project = text(body, "repository", "project", "key");
        String slug = text(body, "repository", "slug");
        return project != null && slug != null ? project + "/" + slug : null;
    }
}
