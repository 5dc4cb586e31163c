package io.fraisier.core.internal.config;

import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.spi.ProviderKey;
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
 * Common keys are converted as they are read; a provider's keys once {@link #convertProviderKeys} knows
 * whose schema they follow.
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

    /** Provider keys written here, not converted yet. */
    private final Map<String, YamlNode.Entry> pending = new LinkedHashMap<>();

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
    static EnvironmentScope read(
            YamlNode.@Nullable Mapping mapping, String path, ValueReader reader, ProviderSchemas schemas) {
        EnvironmentScope scope = new EnvironmentScope(path);
        if (mapping == null) {
            return scope;
        }
        Set<String> known = schemas.allEnvironmentKeys();
        for (YamlNode.Entry e : mapping.entries().values()) {
            if (e.key().equals("health_check")) {
                scope.readHealthBlock(e, reader, schemas);
            } else if (e.key().equals(HooksSection.BLOCK)) {
                scope.readHooksBlock(e, reader);
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
            } else if (ProviderSchemas.COMMON.contains(e.key())) {
                scope.put(e.key(), e, e.value(), KeyPaths.child(path, e.key()), reader, schemas);
            } else if (known.contains(e.key())) {
                scope.present.put(e.key(), e);
                scope.pending.put(e.key(), e);
            } else {
                reader.problems().unknownKey(e, path, known);
            }
        }
        return scope;
    }

    /**
     * Converts the provider keys written here as {@code provider}'s schema declares them (a key it does
     * not have, as the first provider that has it declares it: it is reported as foreign anyway).
     */
    void convertProviderKeys(@Nullable String provider, ProviderSchemas schemas, ValueReader reader) {
        pending.forEach((key, entry) -> {
            ProviderKey declared = schemas.declaration(provider, key);
            Object v = declared == null ? null : convert(declared, entry.value(), KeyPaths.child(path, key), reader);
            if (v != null) {
                values.put(key, v);
            }
        });
        pending.clear();
    }

    private void readHealthBlock(YamlNode.Entry block, ValueReader reader, ProviderSchemas schemas) {
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
                put(flat, e, e.value(), KeyPaths.child(blockPath, e.key()), reader, schemas);
            }
        }
    }

    private void readHooksBlock(YamlNode.Entry block, ValueReader reader) {
        String blockPath = KeyPaths.child(path, HooksSection.BLOCK);
        YamlNode.Mapping m = reader.mapping(block.value(), blockPath);
        if (m == null) {
            return;
        }
        for (YamlNode.Entry e : m.entries().values()) {
            String flat = HooksSection.FIELDS.get(e.key());
            if (flat == null) {
                reader.problems().unknownKey(e, blockPath, HooksSection.FIELDS.keySet());
                continue;
            }
            present.put(flat, e);
            Object v = HooksSection.convert(e.key(), e.value(), KeyPaths.child(blockPath, e.key()), reader);
            if (v != null) {
                values.put(flat, v);
            }
        }
    }

    /** Whether any environment accepts {@code key} (a common key, or a field of {@code hooks:}). */
    static boolean isCommon(String key) {
        return ProviderSchemas.COMMON.contains(key) || HooksSection.isHookKey(key);
    }

    private void put(
            String key,
            YamlNode.Entry entry,
            YamlNode value,
            String keyPath,
            ValueReader reader,
            ProviderSchemas schemas) {
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
        Object v = convertCommon(key, value, keyPath, reader, schemas);
        if (v != null) {
            values.put(key, v);
        }
    }

    private static @Nullable Object convertCommon(
            String key, YamlNode node, String keyPath, ValueReader r, ProviderSchemas schemas) {
        return switch (key) {
            case "branch" -> r.branch(node, keyPath);
            case "provider" -> r.choice(node, keyPath, schemas.types(), "provider");
            case "lock_timeout", "timeout", "health_check_timeout", "health_check_interval" -> r.seconds(node, keyPath);
            case "auto_rollback" -> r.bool(node, keyPath);
            case "health_check_url" -> r.httpUrl(node, keyPath);
            case "health_check_retries" -> r.whole(node, keyPath, 0, Integer.MAX_VALUE);
            case "health_check_tcp" -> r.hostPort(node, keyPath);
            case "health_check_expect_status" -> r.whole(node, keyPath, 100, 599);
            default -> r.string(node, keyPath);
        };
    }

    private static @Nullable Object convert(ProviderKey key, YamlNode node, String keyPath, ValueReader r) {
        return switch (key.type()) {
            case STRING ->
                key.secret() || KeyPaths.isSecretKey(key.name()) ? r.secret(node, keyPath) : r.string(node, keyPath);
            case INT -> r.whole(node, keyPath, key.min(), key.max());
            case PORT -> {
                Integer p = r.port(node, keyPath);
                yield p == null ? null : Long.valueOf(p);
            }
            case BOOL -> r.bool(node, keyPath);
            case DURATION -> r.seconds(node, keyPath);
            case URL -> r.httpUrl(node, keyPath);
            case VARIABLE_NAME -> r.variableName(node, keyPath);
            case CHOICE -> r.choice(node, keyPath, key.choices(), key.name());
            case LIST -> r.stringList(node, keyPath);
            // secret: every value is held as a Secret (container environments routinely carry credentials)
            case MAP -> r.stringMap(node, keyPath, key.secret());
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
