package io.fraisier.core.internal.config;

import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.config.ProviderKeys;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The environment keys written in one place (an environment, or the {@code defaults:} block), each
 * type-checked once where it is written. Health fields of a nested {@code health_check:} block are
 * stored under their flat names ({@code health_check_url}, …), so both spellings merge the same way.
 *
 * <p>Not thread-safe; built by {@link #read}.
 */
final class EnvironmentScope {
    /** Nested {@code health_check:} field → flat key. */
    static final Map<String, String> HEALTH_FIELDS = healthFields();

    /** Valid values by key. */
    final Map<String, Object> values = new LinkedHashMap<>();

    /** Every key written here, valid or not, with where it was written. */
    final Map<String, YamlNode.Entry> present = new LinkedHashMap<>();

    private final String path;

    private EnvironmentScope(String path) {
        this.path = path;
    }

    String path() {
        return path;
    }

    /**
     * Reads {@code mapping} (null: nothing written). Unknown keys are reported here; whether a provider
     * key fits the environment's provider is for {@link EnvironmentBinder} to decide.
     */
    static EnvironmentScope read(YamlNode.@Nullable Mapping mapping, String path, ValueReader reader) {
        EnvironmentScope scope = new EnvironmentScope(path);
        if (mapping == null) {
            return scope;
        }
        Set<String> known = ProviderKeys.allEnvironmentKeys();
        for (YamlNode.Entry e : mapping.entries().values()) {
            if (e.key().equals("health_check")) {
                scope.readHealthBlock(e, reader);
            } else if (e.key().equals("freeze_windows")) {
                // an environment's own windows are read by FreezeWindowsSection; defaults: has none
                if (path.equals("defaults")) {
                    reader.problems()
                            .atKey(
                                    e,
                                    KeyPaths.child(path, e.key()),
                                    "freeze_windows goes at the top level (with environments: [...]) or under an"
                                            + " environment, not under defaults");
                }
            } else if (known.contains(e.key())) {
                scope.put(e.key(), e, e.value(), KeyPaths.child(path, e.key()), reader);
            } else {
                reader.problems().unknownKey(e, path, known);
            }
        }
        return scope;
    }

    private void readHealthBlock(YamlNode.Entry block, ValueReader reader) {
        String blockPath = KeyPaths.child(path, "health_check");
        YamlNode.Mapping m = reader.mapping(block.value(), blockPath);
        if (m == null) {
            return;
        }
        for (YamlNode.Entry e : m.entries().values()) {
            String flat = HEALTH_FIELDS.get(e.key());
            if (flat == null) {
                reader.problems().unknownKey(e, blockPath, HEALTH_FIELDS.keySet());
            } else {
                put(flat, e, e.value(), KeyPaths.child(blockPath, e.key()), reader);
            }
        }
    }

    private void put(String key, YamlNode.Entry entry, YamlNode value, String keyPath, ValueReader reader) {
        YamlNode.Entry earlier = present.putIfAbsent(key, entry);
        if (earlier != null) {
            String field = key.substring("health_check_".length());
            reader.problems()
                    .atKey(
                            entry,
                            keyPath,
                            "the health check " + field + " is set twice here, as health_check_" + field
                                    + " and health_check." + field + " (line " + earlier.line() + "); keep one");
            return;
        }
        Object v = convert(key, value, keyPath, reader);
        if (v != null) {
            values.put(key, v);
        }
    }

    private static @Nullable Object convert(String key, YamlNode node, String keyPath, ValueReader r) {
        return switch (key) {
            case "branch" -> r.branch(node, keyPath);
            case "provider" -> r.choice(node, keyPath, ProviderKeys.types(), "provider");
            case "lock_timeout", "timeout", "health_check_timeout", "health_check_interval" -> r.seconds(node, keyPath);
            case "auto_rollback", "use_sudo" -> r.bool(node, keyPath);
            case "health_check_url", "api_url" -> r.httpUrl(node, keyPath);
            case "health_check_retries" -> r.whole(node, keyPath, 0, Integer.MAX_VALUE);
            case "health_check_tcp" -> r.hostPort(node, keyPath);
            case "health_check_expect_status" -> r.whole(node, keyPath, 100, 599);
            case "port" -> {
                Integer p = r.port(node, keyPath);
                yield p == null ? null : Long.valueOf(p);
            }
            case "strategy" -> r.choice(node, keyPath, List.of("in_place", "releases"), "strategy");
            case "keep_releases", "keep_images" -> r.whole(node, keyPath, 1, Integer.MAX_VALUE);
            case "ports", "volumes" -> r.stringList(node, keyPath);
            // container environments routinely carry credentials: every value is held as a Secret
            case "env" -> r.stringMap(node, keyPath, true);
            case "labels" -> r.stringMap(node, keyPath, false);
            case "key_passphrase_env", "tag_variable" -> r.variableName(node, keyPath);
            default -> KeyPaths.isSecretKey(key) ? r.secret(node, keyPath) : r.string(node, keyPath);
        };
    }

    private static Map<String, String> healthFields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : List.of("url", "timeout", "retries", "interval", "command", "tcp", "expect_status")) {
            m.put(f, "health_check_" + f);
        }
        return Collections.unmodifiableMap(m);
    }
}
