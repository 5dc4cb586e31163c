package io.fraisier.core.internal.config;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FleetHost;
import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.config.Rollout;
import io.fraisier.core.spi.ProviderKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads what makes an environment a fleet: its {@code hosts:} list (text {@code [user@]host[:port]} or
 * mappings of the provider's own keys) and its {@code rollout:} block. Every problem is reported, with
 * its key path ({@code ….hosts[1].port}).
 *
 * <p>Thread-safe (stateless).
 */
final class FleetSection {
    /** The fields of {@code rollout:}. */
    static final List<String> ROLLOUT_FIELDS = List.of("canary", "batch_size", "pause", "max_unhealthy");

    private static final Pattern ADDRESS = Pattern.compile(
            "(?:(?<user>[A-Za-z0-9._][A-Za-z0-9._-]{0,63})@)?(?<host>[A-Za-z0-9._%-]{1,253})(?::(?<port>\\d{1,5}))?");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})\\s*%");

    private FleetSection() {}

    /**
     * The hosts written at {@code node}, or null when there are problems (reported).
     *
     * @param keys the provider's keys, which a mapping entry may set (null: not known here, not checked)
     * @param convert converts one provider key's value as its declaration says (null when invalid, reported)
     */
    static @Nullable List<FleetHost> hosts(
            YamlNode node,
            String path,
            ValueReader r,
            @Nullable Map<String, ProviderKey> keys,
            BiFunction<ProviderKey, YamlNode.Entry, @Nullable Object> convert) {
        List<YamlNode> items;
        if (node instanceof YamlNode.Sequence seq) {
            items = seq.items();
        } else if (node instanceof YamlNode.Scalar s && !s.isNull()) {
            items = List.of(node);
        } else {
            return r.fail(
                    node, path, "expected a list of hosts ([user@]host[:port] or mappings), got " + node.describe());
        }
        if (items.isEmpty()) {
            return r.fail(node, path, "lists no host; list at least one, or write host: instead");
        }
        int before = r.problems().size();
        List<FleetHost> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String itemPath = KeyPaths.item(path, i);
            FleetHost host = item instanceof YamlNode.Mapping m
                    ? mapping(m, itemPath, r, keys, convert)
                    : address(item, itemPath, r);
            if (host != null && !names.add(host.name())) {
                r.problems().at(item, itemPath, "host " + host.name() + " is listed twice");
            } else if (host != null) {
                out.add(host);
            }
        }
        return r.problems().size() > before ? null : List.copyOf(out);
    }

    private static @Nullable FleetHost address(YamlNode item, String path, ValueReader r) {
        String text = r.string(item, path);
        if (text == null) {
            return null;
        }
        Matcher m = ADDRESS.matcher(text.trim());
        if (!m.matches() || m.group("host").startsWith("-")) {
            return r.fail(
                    item,
                    path,
                    "'" + text + "' is not [user@]host[:port] (e.g. deploy@web2.example.com:2222); write a mapping"
                            + " { host: …, port: …, user: … } for anything else");
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("host", m.group("host"));
        if (m.group("user") != null) {
            keys.put("user", m.group("user"));
        }
        if (m.group("port") != null) {
            int port = Integer.parseInt(m.group("port"));
            if (port < 1 || port > 65535) {
                return r.fail(item, path, "port " + port + " of '" + text + "' is not from 1 to 65535");
            }
            keys.put("port", (long) port);
        }
        return new FleetHost(text.trim(), m.group("host"), keys);
    }

    private static @Nullable FleetHost mapping(
            YamlNode.Mapping m,
            String path,
            ValueReader r,
            @Nullable Map<String, ProviderKey> keys,
            BiFunction<ProviderKey, YamlNode.Entry, @Nullable Object> convert) {
        int before = r.problems().size();
        Map<String, Object> values = new LinkedHashMap<>();
        for (YamlNode.Entry e : m.entries().values()) {
            String keyPath = KeyPaths.child(path, e.key());
            if (e.key().equals("host")) {
                String host = r.string(e.value(), keyPath);
                if (host != null) {
                    values.put("host", host.trim());
                }
                continue;
            }
            if (e.key().equals(EnvironmentConfig.HOSTS)) {
                r.problems().atKey(e, keyPath, "a host of the list cannot list hosts itself");
                continue;
            }
            if (keys == null) {
                continue;
            }
            ProviderKey declared = keys.get(e.key());
            if (declared == null) {
                List<String> candidates = new ArrayList<>(keys.keySet());
                candidates.remove(EnvironmentConfig.HOSTS);
                candidates.add("host");
                r.problems().unknownKey(e, path, candidates);
                continue;
            }
            Object v = convert.apply(declared, e);
            if (v != null) {
                values.put(e.key(), v);
            }
        }
        if (!values.containsKey("host") && r.problems().size() == before) {
            r.problems().at(m, path, "missing key 'host': each host of the list names its host (e.g. host: web3)");
        }
        if (r.problems().size() > before) {
            return null;
        }
        String host = (String) values.get("host");
        Object port = values.get("port");
        return new FleetHost(port == null ? host : host + ":" + port, host, values);
    }

    /** The {@code rollout:} block at {@code node} as the fields it writes (null when invalid, reported). */
    static @Nullable Map<String, Object> rolloutFields(YamlNode node, String path, ValueReader r) {
        YamlNode.Mapping m = r.mapping(node, path);
        if (m == null) {
            return null;
        }
        int before = r.problems().size();
        Map<String, Object> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : m.entries().values()) {
            String keyPath = KeyPaths.child(path, e.key());
            Object v = switch (e.key()) {
                case "canary", "max_unhealthy" -> r.whole(e.value(), keyPath, 0, 10_000);
                case "pause" -> pause(e.value(), keyPath, r);
                case "batch_size" -> batchSize(e.value(), keyPath, r);
                default -> {
                    r.problems().unknownKey(e, path, ROLLOUT_FIELDS);
                    yield null;
                }
            };
            if (v != null) {
                out.put(e.key(), v);
            }
        }
        return r.problems().size() > before ? null : out;
    }

    /** The rollout the fields written describe, the rest from {@link Rollout#DEFAULT}. */
    static Rollout rollout(@Nullable Object fields) {
        if (!(fields instanceof Map<?, ?> m)) {
            return Rollout.DEFAULT;
        }
        Rollout d = Rollout.DEFAULT;
        return new Rollout(
                m.get("canary") instanceof Long l ? l.intValue() : d.canary(),
                m.get("batch_size") instanceof Rollout.BatchSize b ? b : d.batchSize(),
                m.get("pause") instanceof Duration p ? p : d.pause(),
                m.get("max_unhealthy") instanceof Long l ? l.intValue() : d.maxUnhealthy());
    }

    private static @Nullable Duration pause(YamlNode node, String path, ValueReader r) {
        Long seconds = r.whole(node, path, 0, 86_400);
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    private static Rollout.@Nullable BatchSize batchSize(YamlNode node, String path, ValueReader r) {
        String text = r.text(node, path);
        if (text == null) {
            return null;
        }
        String t = text.trim();
        Matcher percent = PERCENT.matcher(t);
        if (percent.matches()) {
            int p = Integer.parseInt(percent.group(1));
            if (p >= 1 && p <= 100) {
                return Rollout.BatchSize.percentOf(p);
            }
        } else if (t.matches("\\d{1,5}") && Integer.parseInt(t) >= 1) {
            return Rollout.BatchSize.hosts(Integer.parseInt(t));
        }
        return r.fail(
                node, path, "must be a number of hosts (1 or more) or a percent from 1% to 100%, got '" + t + "'");
    }
}
