package io.fraisier.core.config;

import io.fraisier.core.model.DeploymentStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code notifications:}: where a deployment's end is announced.
 *
 * <p>Immutable and thread-safe. The outbox refers to a channel by {@link #name()} only; its secrets (a
 * webhook secret, a token, a password, a Slack URL) stay here and are used when a message is sent.
 *
 * @param name the channel's name ({@code name:}, default {@code <type>-<position>}, e.g. {@code slack-2})
 * @param type {@code webhook}, {@code slack}, {@code github_deployments}, {@code email} or
 *     {@code grafana_annotation}
 * @param on the terminal statuses it is told about
 * @param values its plain settings ({@code repository}, {@code host}, …), defaults applied
 * @param secrets its secret settings ({@code secret}, {@code token}, {@code password}, a Slack {@code url})
 * @param lists its list settings ({@code to}, {@code tags})
 */
public record NotificationChannel(
        String name,
        String type,
        Set<DeploymentStatus> on,
        Map<String, String> values,
        Map<String, Secret> secrets,
        Map<String, List<String>> lists) {
    public static final String WEBHOOK = "webhook";
    public static final String SLACK = "slack";
    public static final String GITHUB_DEPLOYMENTS = "github_deployments";
    public static final String EMAIL = "email";
    public static final String GRAFANA_ANNOTATION = "grafana_annotation";
    public static final List<String> TYPES = List.of(WEBHOOK, SLACK, GITHUB_DEPLOYMENTS, EMAIL, GRAFANA_ANNOTATION);

    /** What a channel without {@code on:} is told: every end of a deployment that ran. */
    public static final Set<DeploymentStatus> DEFAULT_ON = Set.of(
            DeploymentStatus.SUCCESS,
            DeploymentStatus.FAILED,
            DeploymentStatus.ROLLED_BACK,
            DeploymentStatus.ROLLBACK_FAILED,
            DeploymentStatus.INTERRUPTED);

    public NotificationChannel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        on = Set.copyOf(on);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
        lists = Collections.unmodifiableMap(new LinkedHashMap<>(lists));
    }

    public boolean accepts(DeploymentStatus status) {
        return on.contains(status);
    }

    public @Nullable String value(String key) {
        return values.get(key);
    }

    public @Nullable Secret secret(String key) {
        return secrets.get(key);
    }

    public List<String> list(String key) {
        return lists.getOrDefault(key, List.of());
    }

    @Override
    public String toString() {
        return "NotificationChannel[" + name + ", " + type + "]";
    }
}
