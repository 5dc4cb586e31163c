package io.fraisier.core.internal.config;

import io.fraisier.core.config.AddressRange;
import io.fraisier.core.config.GitConfig;
import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.config.WebhookConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code git:}, {@code webhook:} and {@code metrics:} blocks: small, flat, and each with defaults
 * ({@link WebhookConfig#defaults()}, {@link MetricsConfig#defaults()}) for what it does not set.
 */
public final class ServiceSections {
    private static final List<String> GIT_KEYS = concat("provider", GitConfig.HOSTS);
    private static final List<String> HOST_KEYS = List.of("webhook_secret", "webhook_secrets");
    private static final List<String> WEBHOOK_KEYS =
            List.of("address", "port", "max_body_bytes", "rate_limit", "trusted_proxies", "workers");
    private static final List<String> METRICS_KEYS = List.of("enabled", "address", "port", "probe_interval");

    private ServiceSections() {}

    /** The {@code git:} block (absent: no default host and no secrets). */
    public static GitConfig git(YamlNode.@Nullable Entry section, ValueReader r) {
        YamlNode.Mapping m = section == null ? null : r.mapping(section.value(), "git");
        String defaultHost = null;
        Map<String, List<Secret>> secrets = new LinkedHashMap<>();
        if (m != null) {
            for (YamlNode.Entry e : m.entries().values()) {
                String p = KeyPaths.child("git", e.key());
                if (e.key().equals("provider")) {
                    defaultHost = r.choice(e.value(), p, GitConfig.HOSTS, "git host");
                } else if (GitConfig.HOSTS.contains(e.key())) {
                    List<Secret> s = hostSecrets(e, p, r);
                    if (!s.isEmpty()) {
                        secrets.put(e.key(), s);
                    }
                } else {
                    r.problems().unknownKey(e, "git", GIT_KEYS);
                }
            }
        }
        return new GitConfig(defaultHost, secrets);
    }

    private static List<Secret> hostSecrets(YamlNode.Entry host, String path, ValueReader r) {
        YamlNode.Mapping m = r.mapping(host.value(), path);
        List<Secret> out = new ArrayList<>();
        if (m == null) {
            return out;
        }
        for (YamlNode.Entry e : m.entries().values()) {
            String p = KeyPaths.child(path, e.key());
            switch (e.key()) {
                case "webhook_secret" -> {
                    Secret s = r.secret(e.value(), p);
                    if (s != null) {
                        out.add(s);
                    }
                }
                case "webhook_secrets" -> {
                    List<String> list = r.stringList(e.value(), p);
                    if (list != null) {
                        list.forEach(v -> out.add(Secret.of(v)));
                    }
                }
                default -> r.problems().unknownKey(e, path, HOST_KEYS);
            }
        }
        if (m.entries().containsKey("webhook_secret") && m.entries().containsKey("webhook_secrets")) {
            YamlNode.Entry second = m.entries().get("webhook_secrets");
            r.problems()
                    .atKey(
                            second,
                            KeyPaths.child(path, "webhook_secrets"),
                            "set webhook_secret or webhook_secrets, not both (list every secret under"
                                    + " webhook_secrets during a rotation)");
        }
        return out;
    }

    /** The {@code webhook:} block over {@link WebhookConfig#defaults()}. */
    public static WebhookConfig webhook(YamlNode.@Nullable Entry section, ValueReader r) {
        WebhookConfig d = WebhookConfig.defaults();
        YamlNode.Mapping m = section == null ? null : r.mapping(section.value(), "webhook");
        if (m == null) {
            return d;
        }
        String address = d.address();
        int port = d.port();
        long maxBody = d.maxBodyBytes();
        int rateLimit = d.rateLimit();
        List<String> proxies = d.trustedProxies();
        int workers = d.workers();
        for (YamlNode.Entry e : m.entries().values()) {
            String p = KeyPaths.child("webhook", e.key());
            YamlNode v = e.value();
            switch (e.key()) {
                case "address" -> address = DatabaseSection.orElse(r.string(v, p), address);
                case "port" -> port = DatabaseSection.orElse(r.port(v, p), port);
                case "max_body_bytes" -> maxBody = DatabaseSection.orElse(r.whole(v, p, 1, Long.MAX_VALUE), maxBody);
                case "rate_limit" -> rateLimit = asInt(r.whole(v, p, 1, Integer.MAX_VALUE), rateLimit);
                case "trusted_proxies" -> proxies = DatabaseSection.orElse(trustedProxies(v, p, r), proxies);
                case "workers" -> workers = asInt(r.whole(v, p, 1, 1024), workers);
                default -> r.problems().unknownKey(e, "webhook", WEBHOOK_KEYS);
            }
        }
        return new WebhookConfig(address, port, maxBody, rateLimit, proxies, workers);
    }

    /**
     * {@code webhook.trusted_proxies}: IP addresses and CIDR blocks, IPv4 or IPv6. A host name or a
     * malformed block is a problem here rather than an entry that silently never matches.
     */
    private static @Nullable List<String> trustedProxies(YamlNode v, String p, ValueReader r) {
        List<String> list = r.stringList(v, p);
        if (list == null) {
            return null;
        }
        List<YamlNode> nodes = v instanceof YamlNode.Sequence seq ? seq.items() : List.of(v);
        boolean ok = true;
        for (int i = 0; i < list.size() && i < nodes.size(); i++) {
            String entry = list.get(i);
            if (AddressRange.parse(entry).isEmpty()) {
                ok = false;
                r.problems()
                        .at(
                                nodes.get(i),
                                nodes.size() == 1 && !(v instanceof YamlNode.Sequence) ? p : KeyPaths.item(p, i),
                                "'" + entry + "' is not an IP address or CIDR block (write 10.0.0.7, 127.0.0.0/8,"
                                        + " ::1 or fd00::/8; host names are not resolved)");
            }
        }
        return ok ? list : null;
    }

    /**
     * The {@code metrics:} block over {@link MetricsConfig#defaults()}; {@code FRAISIER_METRICS_ENABLED=false}
     * (or {@code true}) in {@code environment} turns recording off (or on) whatever the file says.
     */
    public static MetricsConfig metrics(
            YamlNode.@Nullable Entry section, ValueReader r, Map<String, String> environment) {
        MetricsConfig d = MetricsConfig.defaults();
        boolean enabled = d.enabled();
        String address = d.address();
        int port = d.port();
        Duration probeInterval = d.probeInterval();
        YamlNode.Mapping m = section == null ? null : r.mapping(section.value(), "metrics");
        if (m != null) {
            for (YamlNode.Entry e : m.entries().values()) {
                String p = KeyPaths.child("metrics", e.key());
                YamlNode v = e.value();
                switch (e.key()) {
                    case "enabled" -> enabled = DatabaseSection.orElse(r.bool(v, p), enabled);
                    case "address" -> address = DatabaseSection.orElse(r.string(v, p), address);
                    case "port" -> port = DatabaseSection.orElse(r.port(v, p), port);
                    case "probe_interval" -> probeInterval = DatabaseSection.orElse(r.seconds(v, p), probeInterval);
                    default -> r.problems().unknownKey(e, "metrics", METRICS_KEYS);
                }
            }
        }
        String override = environment.get("FRAISIER_METRICS_ENABLED");
        String o = override == null ? "" : override.trim().toLowerCase(Locale.ROOT);
        if (List.of("false", "0", "no", "off").contains(o)) {
            enabled = false;
        } else if (List.of("true", "1", "yes", "on").contains(o)) {
            enabled = true; // as MetricsSettings reads it, so the exporter and the counters agree
        }
        return new MetricsConfig(enabled, address, port, probeInterval);
    }

    private static int asInt(@Nullable Long v, int fallback) {
        return v == null ? fallback : v.intValue();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return List.copyOf(out);
    }
}
