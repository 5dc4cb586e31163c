package io.fraisier.core.internal.config;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.ProviderKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds one {@link EnvironmentConfig}: reads the environment's keys, checks them against its provider's
 * schema ({@link ProviderSchemas}), inherits what it does not set from {@code defaults:}, then applies the
 * built-in defaults (lock_timeout 300 s, timeout 600 s, auto_rollback true, health timeout 5 s / retries
 * 3 / interval 2 s, hooks timeout 60 s) and those of the provider's keys.
 *
 * <p>Not thread-safe (shares one {@link Problems}).
 */
public final class EnvironmentBinder {
    private final ValueReader reader;
    private final EnvironmentScope defaults;
    private final ProviderSchemas schemas;

    private EnvironmentBinder(ValueReader reader, EnvironmentScope defaults, ProviderSchemas schemas) {
        this.reader = reader;
        this.defaults = defaults;
        this.schemas = schemas;
    }

    /** A binder whose environments inherit from the {@code defaults:} block (null when absent). */
    public static EnvironmentBinder withDefaults(
            YamlNode.@Nullable Entry defaultsEntry, ValueReader reader, ProviderSchemas schemas) {
        YamlNode.Mapping m = defaultsEntry == null ? null : reader.mapping(defaultsEntry.value(), "defaults");
        EnvironmentScope scope = EnvironmentScope.read(m, "defaults", reader, schemas);
        scope.convertProviderKeys(null, schemas, reader);
        return new EnvironmentBinder(reader, scope, schemas);
    }

    /** The schemas environments are checked against. */
    public ProviderSchemas schemas() {
        return schemas;
    }

    /** A binder without defaults, for a provider-test file. */
    public static EnvironmentBinder withoutDefaults(ValueReader reader, ProviderSchemas schemas) {
        return new EnvironmentBinder(reader, EnvironmentScope.read(null, "defaults", reader, schemas), schemas);
    }

    /**
     * The environment written at {@code node}, or null when it has problems (all of them reported).
     *
     * @param target null when the fraise or environment name is invalid (already reported)
     * @param anchor where "missing key" problems point (the environment's name, or the file start)
     * @param forcedProvider the provider a provider-test file is for (null for fraises.yaml)
     */
    public @Nullable EnvironmentConfig bind(
            @Nullable Target target,
            YamlNode node,
            YamlNode.Entry anchor,
            String path,
            @Nullable String forcedProvider) {
        int before = reader.problems().size();
        YamlNode.Mapping mapping = reader.mapping(node, path);
        if (mapping == null && !(node instanceof YamlNode.Scalar s && s.isNull())) {
            return null;
        }
        EnvironmentScope own = EnvironmentScope.read(mapping, path, reader, schemas);
        String provider = provider(own, anchor, path, forcedProvider);
        own.convertProviderKeys(provider, schemas, reader);
        if (provider == null) {
            return null;
        }
        Map<String, ProviderKey> allowed = schemas.keysFor(provider);
        own.present.forEach((key, entry) -> {
            if (!EnvironmentScope.isCommon(key) && !allowed.containsKey(key)) {
                reader.problems().atKey(entry, KeyPaths.child(path, key), belongsElsewhere(key, provider));
            }
        });
        Map<String, Object> merged = new LinkedHashMap<>(own.values);
        defaults.values.forEach((key, value) -> {
            boolean applies = EnvironmentScope.isCommon(key) || allowed.containsKey(key);
            if (applies && !own.present.containsKey(key) && !replacedBy(key, allowed, own)) {
                merged.put(key, value);
            }
        });
        for (ProviderKey key : allowed.values()) {
            String other = key.conflictsWith();
            if (other != null && own.values.containsKey(key.name()) && own.values.containsKey(other)) {
                reader.problems()
                        .atKey(
                                own.present.get(key.name()),
                                KeyPaths.child(path, key.name()),
                                "set " + other + " or " + key.name() + ", not both (" + key.conflictNote() + ")");
            }
        }
        for (ProviderKey key : allowed.values()) {
            boolean written = own.present.containsKey(key.name()) || defaults.present.containsKey(key.name());
            if (key.required() && !written) {
                reader.problems()
                        .atKey(
                                anchor,
                                path,
                                "missing required key '" + key.name() + "' for provider " + provider
                                        + (target == null ? "" : " (environment " + target + ")"));
            }
        }
        if (reader.problems().size() > before || target == null) {
            return null;
        }
        return build(target, provider, path, merged, allowed);
    }

    /** Whether the environment sets a key that {@code key} conflicts with (either way round). */
    private static boolean replacedBy(String key, Map<String, ProviderKey> allowed, EnvironmentScope own) {
        for (ProviderKey k : allowed.values()) {
            String other = k.conflictsWith();
            if (other == null) {
                continue;
            }
            if ((k.name().equals(key) && own.present.containsKey(other))
                    || (other.equals(key) && own.present.containsKey(k.name()))) {
                return true;
            }
        }
        return false;
    }

    private @Nullable String provider(
            EnvironmentScope own, YamlNode.Entry anchor, String path, @Nullable String forcedProvider) {
        if (forcedProvider != null) {
            Object written = own.values.get("provider");
            if (written != null && !written.equals(forcedProvider)) {
                reader.problems()
                        .atKey(
                                own.present.get("provider"),
                                KeyPaths.child(path, "provider"),
                                "this file is tested as provider " + forcedProvider + " but says provider: " + written
                                        + "; remove the key or test " + written);
                return null;
            }
            return own.present.containsKey("provider") && written == null ? null : forcedProvider;
        }
        if (own.present.containsKey("provider")) {
            return (String) own.values.get("provider"); // null when invalid: already reported
        }
        if (defaults.present.containsKey("provider")) {
            return (String) defaults.values.get("provider");
        }
        reader.problems()
                .atKey(
                        anchor,
                        path,
                        "missing required key 'provider' (one of " + String.join(", ", schemas.types())
                                + "), here or in defaults:");
        return null;
    }

    private String belongsElsewhere(String key, String provider) {
        List<String> owners = schemas.providersWith(key);
        String message = "key '" + key + "' belongs to provider" + (owners.size() > 1 ? "s " : " ")
                + String.join(", ", owners) + ", not " + provider;
        String note = schemas.foreignKeyNote(provider, key);
        return note == null ? message : message + " (" + note + ")";
    }

    private static EnvironmentConfig build(
            Target target, String provider, String path, Map<String, Object> values, Map<String, ProviderKey> schema) {
        Map<String, Object> settings = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (!EnvironmentScope.isCommon(key)) {
                settings.put(key, value);
            }
        });
        for (ProviderKey key : schema.values()) {
            boolean applies = key.onlyWith() == null || settings.containsKey(key.onlyWith());
            if (key.defaultValue() != null && applies) {
                settings.putIfAbsent(key.name(), key.defaultValue());
            }
        }
        Long expect = (Long) values.get("health_check_expect_status");
        HealthCheck health = new HealthCheck(
                (String) values.get("health_check_url"),
                (String) values.get("health_check_tcp"),
                (String) values.get("health_check_command"),
                expect == null ? null : expect.intValue(),
                seconds(values, "health_check_timeout", 5),
                ((Long) values.getOrDefault("health_check_retries", 3L)).intValue(),
                seconds(values, "health_check_interval", 2));
        return new EnvironmentConfig(
                target,
                provider,
                (String) values.get("branch"),
                seconds(values, "lock_timeout", 300),
                seconds(values, "timeout", 600),
                (Boolean) values.getOrDefault("auto_rollback", true),
                health,
                new ProviderSettings(path.isEmpty() ? target.toString() : path, settings),
                HooksSection.build(values));
    }

    private static Duration seconds(Map<String, Object> values, String key, long fallback) {
        Object v = values.get(key);
        return v == null ? Duration.ofSeconds(fallback) : (Duration) v;
    }
}
