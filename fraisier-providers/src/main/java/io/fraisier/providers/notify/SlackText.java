package io.fraisier.providers.notify;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code text} of a Slack (Mattermost, Rocket.Chat) incoming-webhook message, in their markdown. */
final class SlackText {
    private SlackText() {}

    static String of(JsonNode body) {
        String status = body.path("status").asText();
        StringBuilder s = new StringBuilder()
                .append(icon(status))
                .append(" *")
                .append(body.path("fraise").asText())
                .append('/')
                .append(body.path("environment").asText())
                .append("*: ")
                .append(status);
        JsonNode oldV = body.path("old_version");
        JsonNode newV = body.path("new_version");
        if (oldV.isObject() || newV.isObject()) {
            s.append("\n`")
                    .append(oldV.isObject() ? oldV.path("short").asText() : "none")
                    .append("` → `")
                    .append(newV.isObject() ? newV.path("short").asText() : "none")
                    .append('`');
        }
        if (body.path("duration_seconds").isNumber()) {
            s.append(" in ")
                    .append(Math.round(body.path("duration_seconds").asDouble()))
                    .append(" s");
        }
        String who = HttpChannels.text(body, "triggered_by");
        s.append(", ")
                .append(who == null ? "" : "by " + who + " ")
                .append("via ")
                .append(body.path("trigger").asText());
        String error = HttpChannels.text(body, "error_message");
        if (error != null) {
            String type = HttpChannels.text(body, "error_type");
            s.append("\n*Error*")
                    .append(type == null ? "" : " (" + type + ")")
                    .append(": ")
                    .append(error);
        }
        String hint = HttpChannels.text(body, "hint");
        if (hint != null) {
            s.append("\n*Hint*: ").append(hint);
        }
        String link = HttpChannels.text(body, "link");
        if (link != null) {
            s.append("\n<").append(link).append("|Details>");
        }
        return s.toString();
    }

    private static String icon(String status) {
        return switch (status) {
            case "success" -> ":white_check_mark:";
            case "failed" -> ":x:";
            case "rolled_back" -> ":leftwards_arrow_with_hook:";
            case "rollback_failed" -> ":rotating_light:";
            case "interrupted" -> ":warning:";
            case "skipped" -> ":fast_forward:";
            default -> ":information_source:";
        };
    }
}
