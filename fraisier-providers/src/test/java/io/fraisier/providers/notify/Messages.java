package io.fraisier.providers.notify;

import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Outbox messages and channels for the adapter tests, as core renders them. */
final class Messages {
    static final Instant AT = Instant.parse("2026-03-01T12:00:30Z");

    private Messages() {}

    static String failedBody() {
        return """
                {"event":"deployment.rolled_back","delivery_id":"d-42","deployment_id":42,"fraise":"my_api",\
                "environment":"production","status":"rolled_back","provider":"local",\
                "old_version":{"short":"abc1234","full":"abc1234def5678abc1234def5678abc1234def56"},\
                "new_version":{"short":"0a1b2c3","full":"0a1b2c3d4e5f60a1b2c3d4e5f60a1b2c3d4e5f6"},\
                "duration_seconds":12.5,"trigger":"webhook","triggered_by":"alice",\
                "git_branch":"main","git_commit":"0a1b2c3d4e5f60a1b2c3d4e5f60a1b2c3d4e5f6",\
                "started_at":"2026-03-01T12:00:18Z","completed_at":"2026-03-01T12:00:30Z",\
                "error_type":"health_check_failed","error_message":"GET /health answered 503",\
                "hint":"See `fraisier status my_api production`.","link":"https://ci.example.com/d/42",\
                "summary":"my_api/production: rolled_back (abc1234 → 0a1b2c3, 12s, by alice via webhook)"}""";
    }

    static Notification message(String channel, String type, String body) {
        return new Notification(
                7, "d-42", 42, channel, type, "rolled_back", body, Notification.State.PENDING, 0, AT, null, AT, null);
    }

    static NotificationChannel channel(
            String name, String type, Map<String, String> values, Map<String, Secret> secrets) {
        return new NotificationChannel(
                name,
                type,
                List.of(DeploymentStatus.values()).stream()
                        .filter(DeploymentStatus::isTerminal)
                        .collect(java.util.stream.Collectors.toSet()),
                values,
                secrets,
                Map.of());
    }
}
