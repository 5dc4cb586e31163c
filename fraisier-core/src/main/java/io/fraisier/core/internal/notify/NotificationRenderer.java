package io.fraisier.core.internal.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.config.NotificationsConfig;
import io.fraisier.core.config.Scrubber;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Notification;
import io.fraisier.core.model.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Makes the outbox messages of a deployment that ended: one per channel whose {@code on:} takes its
 * status, each with the same JSON message (the channel's adapter reshapes it for Slack, GitHub, e-mail).
 * Pure: no I/O, so it may run inside the store's transaction. Every text goes through the scrubber.
 */
public final class NotificationRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotificationsConfig config;
    private final Scrubber scrubber;

    public NotificationRenderer(NotificationsConfig config, Scrubber scrubber) {
        this.config = config;
        this.scrubber = scrubber;
    }

    /** Whether a move to {@code to} may announce anything (a terminal status some channel takes). */
    public boolean wants(DeploymentStatus from, DeploymentStatus to) {
        return to.isTerminal()
                && !from.isTerminal()
                && config.channels().stream().anyMatch(c -> c.accepts(to));
    }

    /** The messages for {@code d}, which has just ended. */
    public List<Notification.New> render(Deployment d) {
        List<Notification.New> out = new ArrayList<>();
        Instant at = d.completedAt() != null ? d.completedAt() : d.createdAt();
        for (NotificationChannel c : config.channels()) {
            if (c.accepts(d.status())) {
                String deliveryId = UUID.randomUUID().toString();
                out.add(new Notification.New(
                        deliveryId, d.id(), c.name(), c.type(), d.status().dbValue(), body(d, deliveryId), at));
            }
        }
        return out;
    }

    /** The JSON message (documented in docs/NOTIFICATIONS.md). */
    String body(Deployment d, String deliveryId) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", "deployment." + d.status().dbValue());
        n.put("delivery_id", deliveryId);
        n.put("deployment_id", d.id());
        n.put("fraise", d.target().fraise());
        n.put("environment", d.target().environment());
        n.put("status", d.status().dbValue());
        n.put("provider", d.provider());
        version(n, "old_version", d.oldVersion());
        version(n, "new_version", d.newVersion());
        if (d.durationSeconds() != null) {
            n.put("duration_seconds", Math.round(d.durationSeconds() * 1000) / 1000.0);
        } else {
            n.putNull("duration_seconds");
        }
        n.put("trigger", d.trigger().dbValue());
        text(n, "triggered_by", d.triggeredBy());
        text(n, "git_branch", d.gitBranch());
        text(n, "git_commit", d.gitCommit());
        text(n, "started_at", d.startedAt() == null ? null : d.startedAt().toString());
        text(n, "completed_at", d.completedAt() == null ? null : d.completedAt().toString());
        boolean bad = d.status() != DeploymentStatus.SUCCESS && d.status() != DeploymentStatus.SKIPPED;
        text(n, "error_type", bad ? d.errorType() : null);
        text(n, "error_message", bad ? d.errorMessage() : null);
        text(n, "hint", bad ? hint(d) : null);
        text(n, "link", link(d));
        n.put("summary", summary(d));
        try {
            return JSON.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification as JSON", e);
        }
    }

    /** One line for humans: {@code my_api/production: failed (abc1234 → def5678, 12s, by alice via cli)}. */
    String summary(Deployment d) {
        StringBuilder s = new StringBuilder()
                .append(d.target().fraise())
                .append('/')
                .append(d.target().environment())
                .append(": ")
                .append(d.status().dbValue());
        List<String> parts = new ArrayList<>();
        if (d.oldVersion() != null || d.newVersion() != null) {
            parts.add(shortOf(d.oldVersion()) + " → " + shortOf(d.newVersion()));
        }
        d.duration().ifPresent(du -> parts.add(seconds(du)));
        parts.add((d.triggeredBy() == null ? "" : "by " + d.triggeredBy() + " ") + "via "
                + d.trigger().dbValue());
        s.append(" (").append(String.join(", ", parts)).append(')');
        return scrubber.scrub(s.toString());
    }

    private String hint(Deployment d) {
        String t = d.target().fraise() + " " + d.target().environment();
        return switch (d.status()) {
            case ROLLBACK_FAILED ->
                "The target may be broken: check it now, then `fraisier resolve` deployment #" + d.id()
                        + " (see `fraisier status " + t + "`).";
            case INTERRUPTED ->
                "The process running it stopped; check the target with `fraisier status " + t + "` and deploy again.";
            default ->
                "See `fraisier status " + t + "` and `fraisier history "
                        + d.target().fraise() + "` for the steps and their output.";
        };
    }

    private @Nullable String link(Deployment d) {
        String template = config.linkTemplate();
        if (template == null) {
            return null;
        }
        return template.replace("{fraise}", d.target().fraise())
                .replace("{environment}", d.target().environment())
                .replace("{id}", Long.toString(d.id()))
                .replace("{status}", d.status().dbValue())
                .replace(
                        "{version}",
                        d.newVersion() == null ? "" : d.newVersion().value());
    }

    private void text(ObjectNode n, String key, @Nullable String value) {
        if (value == null) {
            n.putNull(key);
        } else {
            n.put(key, scrubber.scrub(value));
        }
    }

    private void version(ObjectNode n, String key, @Nullable Version v) {
        if (v == null) {
            n.putNull(key);
            return;
        }
        ObjectNode o = n.putObject(key);
        o.put("short", scrubber.scrub(v.shortForm()));
        o.put("full", scrubber.scrub(v.value()));
    }

    private static String seconds(java.time.Duration du) {
        long s = du.toSeconds();
        return s < 60 ? s + "s" : s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
    }

    private static String shortOf(@Nullable Version v) {
        return v == null ? "none" : v.shortForm();
    }
}
