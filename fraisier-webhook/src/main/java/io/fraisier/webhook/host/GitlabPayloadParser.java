package io.fraisier.webhook.host;

import static io.fraisier.webhook.host.JsonFields.either;
import static io.fraisier.webhook.host.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * GitLab payloads: {@code Push Hook} and {@code Tag Push Hook} (and the same pushes through a {@code
 * System Hook}), told apart by {@code object_kind}. The commit is {@code checkout_sha} (for an
 * annotated tag, {@code after} is the tag object, not a commit); a null {@code checkout_sha} means the
 * ref was deleted. GitLab has no ping: its "Test" button sends a sample push.
 */
public final class GitlabPayloadParser implements PayloadParser {
    private static final Set<String> PUSH_KINDS = Set.of("push", "tag_push");

    @Override
    public HostEvent parse(@Nullable String eventType, JsonNode body) {
        String sender = either(text(body, "user_username"), text(body, "user_name"));
        String repository = either(text(body, "project", "path_with_namespace"), text(body, "project", "name"));
        String kind = text(body, "object_kind");
        String event = eventType != null ? eventType : (kind != null ? kind : "unknown");
        if (kind == null || !PUSH_KINDS.contains(kind)) {
            return new HostEvent.Ignored(
                    event,
                    "gitlab event '" + event + "' does not deploy (only Push Hook and Tag Push Hook do)",
                    sender,
                    repository);
        }
        String ref = JsonFields.required(body, "gitlab", "ref");
        String checkout = text(body, "checkout_sha");
        String after = text(body, "after");
        boolean deleted = checkout == null || (after != null && after.matches("0+"));
        return RefUpdate.of(ref, checkout, deleted)
                .<HostEvent>map(update -> new HostEvent.Push(event, List.of(update), sender, repository))
                .orElseGet(() -> new HostEvent.Ignored(
                        event, "ref '" + ref + "' is neither a branch nor a tag", sender, repository));
    }
}
