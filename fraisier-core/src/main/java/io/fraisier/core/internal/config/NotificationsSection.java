package io.fraisier.core.internal.config;

import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.config.NotificationsConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.DeploymentStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code notifications:} block: a list of channels, or a mapping with {@code channels:} and
 * {@code link_template:}. Each channel is checked against the keys of its {@code type:}.
 */
public final class NotificationsSection {
    private static final List<String> TOP_KEYS = List.of("channels", "link_template");
    private static final List<String> COMMON = List.of("type", "name", "on");
    private static final Map<String, List<String>> KEYS = Map.of(
            NotificationChannel.WEBHOOK, List.of("url", "secret"),
            NotificationChannel.SLACK, List.of("url"),
            NotificationChannel.GITHUB_DEPLOYMENTS, List.of("token", "repository", "api_url", "environment_url"),
            NotificationChannel.EMAIL, List.of("host", "port", "starttls", "user", "password", "from", "to"),
            NotificationChannel.GRAFANA_ANNOTATION, List.of("url", "token", "dashboard_uid", "tags"));
    private static final Map<String, List<String>> REQUIRED = Map.of(
            NotificationChannel.WEBHOOK, List.of("url"),
            NotificationChannel.SLACK, List.of("url"),
            NotificationChannel.GITHUB_DEPLOYMENTS, List.of("token", "repository"),
            NotificationChannel.EMAIL, List.of("host", "from", "to"),
            NotificationChannel.GRAFANA_ANNOTATION, List.of("url", "token"));
    private static final List<String> STATUSES = java.util.Arrays.stream(DeploymentStatus.values())
            .filter(DeploymentStatus::isTerminal)
            .map(DeploymentStatus::dbValue)
            .toList();

    private NotificationsSection() {}

    public static NotificationsConfig read(YamlNode.@Nullable Entry section, ValueReader r) {
        if (section == null) {
            return NotificationsConfig.none();
        }
        YamlNode value = section.value();
        if (value instanceof YamlNode.Scalar s && s.isNull()) {
            return NotificationsConfig.none();
        }
        String link = null;
        YamlNode channels = value;
        if (value instanceof YamlNode.Mapping m) {
            channels = null;
            for (YamlNode.Entry e : m.entries().values()) {
                String p = KeyPaths.child("notifications", e.key());
                switch (e.key()) {
                    case "link_template" -> link = r.string(e.value(), p);
                    case "channels" -> channels = e.value();
                    default -> r.problems().unknownKey(e, "notifications", TOP_KEYS);
                }
            }
            if (channels == null) {
                return new NotificationsConfig(List.of(), link);
            }
        }
        String listPath = value instanceof YamlNode.Mapping ? "notifications.channels" : "notifications";
        if (!(channels instanceof YamlNode.Sequence seq)) {
            if (!(channels instanceof YamlNode.Scalar s && s.isNull())) {
                r.problems()
                        .at(
                                channels,
                                listPath,
                                "expected a list of channels (- type: webhook …), got " + channels.describe());
            }
            return new NotificationsConfig(List.of(), link);
        }
        List<NotificationChannel> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String p = KeyPaths.item(listPath, i);
            NotificationChannel c = channel(seq.items().get(i), p, i + 1, r);
            if (c == null) {
                continue;
            }
            if (!names.add(c.name())) {
                r.problems()
                        .at(
                                seq.items().get(i),
                                p,
                                "channel name '" + c.name() + "' is used twice; give each its own name:");
                continue;
            }
            out.add(c);
        }
        return new NotificationsConfig(out, link);
    }

    private static @Nullable NotificationChannel channel(YamlNode node, String path, int position, ValueReader r) {
        YamlNode.Mapping m = r.mapping(node, path);
        if (m == null) {
            if (node instanceof YamlNode.Scalar s && s.isNull()) {
                r.problems().at(node, path, "empty channel: write at least type: webhook|slack|…");
            }
            return null;
        }
        YamlNode.Entry typeEntry = m.entries().get("type");
        if (typeEntry == null) {
            r.problems()
                    .at(m, path, "missing key 'type' (one of " + String.join(", ", NotificationChannel.TYPES) + ")");
            return null;
        }
        String type = r.choice(
                typeEntry.value(), KeyPaths.child(path, "type"), NotificationChannel.TYPES, "notification type");
        if (type == null) {
            return null;
        }
        List<String> allowed = new ArrayList<>(COMMON);
        allowed.addAll(KEYS.get(type));
        String name = type + "-" + position;
        Set<DeploymentStatus> on = NotificationChannel.DEFAULT_ON;
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        boolean ok = true;
        for (YamlNode.Entry e : m.entries().values()) {
            String p = KeyPaths.child(path, e.key());
            YamlNode v = e.value();
            if (!allowed.contains(e.key())) {
                r.problems().unknownKey(e, path, allowed);
                ok = false;
                continue;
            }
            switch (e.key()) {
                case "type" -> {}
                case "name" -> name = DatabaseSection.orElse(r.string(v, p), name);
                case "on" -> {
                    Set<DeploymentStatus> s = statuses(v, p, r);
                    if (s == null) {
                        ok = false;
                    } else {
                        on = s;
                    }
                }
                case "secret", "token", "password" -> ok &= put(secrets, e.key(), r.secret(v, p));
                case "url" -> {
                    if (type.equals(NotificationChannel.SLACK)) {
                        // a Slack webhook URL is its own credential: kept as a secret, never shown
                        Secret url = secretUrl(v, p, r);
                        ok &= put(secrets, "url", url);
                    } else {
                        ok &= put(values, "url", r.httpUrl(v, p));
                    }
                }
                case "api_url", "environment_url" -> ok &= put(values, e.key(), r.httpUrl(v, p));
                case "repository" -> {
                    String repo = r.string(v, p);
                    if (repo != null && !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
                        r.fail(v, p, "must be owner/name (e.g. acme/my_api), got " + ValueReader.shown(repo, p));
                        repo = null;
                    }
                    ok &= put(values, e.key(), repo);
                }
                case "port" -> {
                    Integer port = r.port(v, p);
                    ok &= put(values, e.key(), port == null ? null : port.toString());
                }
                case "starttls" -> {
                    Boolean b = r.bool(v, p);
                    ok &= put(values, e.key(), b == null ? null : b.toString());
                }
                case "to", "tags" -> {
                    List<String> list = r.stringList(v, p);
                    if (list == null) {
                        ok = false;
                    } else {
                        lists.put(e.key(), list);
                    }
                }
                default -> ok &= put(values, e.key(), r.string(v, p));
            }
        }
        for (String required : REQUIRED.get(type)) {
            if (!m.entries().containsKey(required)) {
                r.problems().at(m, path, "missing key '" + required + "' for a " + type + " channel");
                ok = false;
            }
        }
        if (type.equals(NotificationChannel.EMAIL)) {
            values.putIfAbsent("port", "587");
            values.putIfAbsent("starttls", "true");
        }
        if (type.equals(NotificationChannel.GITHUB_DEPLOYMENTS)) {
            values.putIfAbsent("api_url", "https://api.github.com");
        }
        return ok ? new NotificationChannel(name, type, on, values, secrets, lists) : null;
    }

    private static @Nullable Secret secretUrl(YamlNode v, String p, ValueReader r) {
        String text = r.text(v, p);
        if (text == null) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Secret.of(text.trim());
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        return r.fail(
                v,
                p,
                "must be an http:// or https:// incoming-webhook URL with a host (not shown: it is a" + " credential)");
    }

    private static <T> boolean put(Map<String, T> map, String key, @Nullable T value) {
        if (value == null) {
            return false;
        }
        map.put(key, value);
        return true;
    }

    private static @Nullable Set<DeploymentStatus> statuses(YamlNode v, String p, ValueReader r) {
        List<String> list = r.stringList(v, p);
        if (list == null) {
            return null;
        }
        if (list.isEmpty()) {
            return r.fail(v, p, "names no status: list at least one (e.g. [failed, rolled_back]) or remove on:");
        }
        Set<DeploymentStatus> out = new LinkedHashSet<>();
        List<YamlNode> nodes = v instanceof YamlNode.Sequence seq ? seq.items() : List.of(v);
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            YamlNode node = i < nodes.size() ? nodes.get(i) : v;
            String s = r.choice(
                    new YamlNode.Scalar(list.get(i), YamlNode.ScalarType.STRING, node.line(), node.column()),
                    v instanceof YamlNode.Sequence ? KeyPaths.item(p, i) : p,
                    STATUSES,
                    "status");
            if (s == null) {
                ok = false;
            } else {
                out.add(DeploymentStatus.parse(s));
            }
        }
        return ok ? out : null;
    }
}
