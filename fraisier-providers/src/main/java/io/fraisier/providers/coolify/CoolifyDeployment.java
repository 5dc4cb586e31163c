package io.fraisier.providers.coolify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One Coolify deployment as {@code GET /deployments/{uuid}} describes it (an
 * {@code ApplicationDeploymentQueue}).
 *
 * @param uuid the deployment uuid
 * @param status Coolify's status: {@code queued}, {@code in_progress}, {@code finished}, {@code failed} or
 *     {@code cancelled-by-user}
 * @param commit the commit Coolify built ({@code HEAD} until it has resolved the branch), may be empty
 * @param logs the raw {@code logs} field (a JSON array of log entries as a string), may be empty
 */
record CoolifyDeployment(String uuid, String status, String commit, String logs) {
    static final String FINISHED = "finished";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled-by-user";
    private static final int TAIL_LINES = 15;
    private static final int LINE_CHARS = 300;

    static CoolifyDeployment from(String uuid, JsonNode node) {
        return new CoolifyDeployment(
                text(node, "deployment_uuid").orElse(uuid),
                text(node, "status").orElse(""),
                text(node, "commit").orElse(""),
                text(node, "logs").orElse(""));
    }

    boolean isOver() {
        return status.equals(FINISHED) || status.equals(FAILED) || status.equals(CANCELLED);
    }

    /** The commit when it is a SHA, else empty ({@code HEAD}, blank). */
    Optional<String> commitSha() {
        return CoolifyVersions.isSha(commit) ? Optional.of(commit.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * The last lines of the visible log output. Coolify stores its log as a JSON array of
     * {@code {output, hidden, …}} entries in a string; anything else is taken as plain text.
     */
    List<String> logTail() {
        if (logs.isBlank()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try {
            JsonNode entries = CoolifyApi.mapper().readTree(logs);
            if (entries != null && entries.isArray()) {
                for (JsonNode entry : entries) {
                    if (!entry.path("hidden").asBoolean(false)) {
                        addLines(lines, entry.path("output").asText(""));
                    }
                }
            } else {
                addLines(lines, logs);
            }
        } catch (JsonProcessingException e) {
            addLines(lines, logs);
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private static void addLines(List<String> into, String text) {
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                into.add(line.length() > LINE_CHARS ? line.substring(0, LINE_CHARS) + "…" : line.stripTrailing());
            }
        }
    }

    static Optional<String> text(@Nullable JsonNode node, String field) {
        if (node == null || !node.hasNonNull(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        return Optional.of(value.isValueNode() ? value.asText() : value.toString());
    }
}
