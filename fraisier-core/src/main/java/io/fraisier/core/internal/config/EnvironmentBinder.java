package io.fraisier.core.internal.config;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.config.ProviderKeys;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.model.Target;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds one {@link EnvironmentConfig}: reads the environment's keys, checks them against its provider,
 * inherits what it does not set from {@code defaults:}, then applies the built-in defaults (lock_timeout
 * 300 s, timeout 600 s, auto_rollback true, health timeout 5 s / retries 3 / interval 2 s; ssh port 22,
 * strategy in_place, keep_releases 5, use_sudo false).
 *
 * <p>Not thread-safe (shares one {@link Problems}).
 */
public final class EnvironmentBinder {
    private static final Set<String> SSH_KEYS =
            Set.of("host", "port", "user", "key_path", "key_passphrase_env", "known_hosts", "host_key_fingerprint");
    private static final Map<String, String> EXCLUSIVE =
            Map.of("systemd_service", "restart_command", "restart_command", "systemd_service");

    private final ValueReader reader;
    private final EnvironmentScope defaults;

    private EnvironmentBinder(ValueReader reader, EnvironmentScope defaults) {
        this.reader = reader;
        this.defaults = defaults;
    }

    /** A binder whose environments inherit from the {@code defaults:} block (null when absent). */
    public static EnvironmentBinder withDefaults(YamlNode.@Nullable Entry defaultsEntry, ValueReader reader) {
        YamlNode.Mapping m = defaultsEntry == null ? null : reader.mapping(defaultsEntry.value(), "defaults");
        return new EnvironmentBinder(reader, EnvironmentScope.read(m, "defaults", reader));
    }

    /** A binder without defaults, for a provider-test file. */
    public static EnvironmentBinder withoutDefaults(ValueReader reader) {
        return new EnvironmentBinder(reader, EnvironmentScope.read(null, "defaults", reader));
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
        EnvironmentScope own = EnvironmentScope.read(mapping, path, reader);
        String provider = provider(own, anchor, path, forcedProvider);
        if (provider == null) {
            return null;
        }
        Set<String> allowed = ProviderKeys.keysFor(provider);
        own.present.forEach((key, entry) -> {
            if (!ProviderKeys.commonKeys().contains(key) && !allowed.contains(key)) {
                reader.problems().atKey(entry, KeyPaths.child(path, key), belongsElsewhere(key, provider));
            }
        });
        Map<String, Object> merged = new LinkedHashMap<>(own.values);
        defaults.values.forEach((key, value) -> {
            boolean applies = ProviderKeys.commonKeys().contains(key) || allowed.contains(key);
            boolean overridden = own.present.containsKey(key)
                    || (EXCLUSIVE.containsKey(key) && own.present.containsKey(EXCLUSIVE.get(key)));
            if (applies && !overridden) {
                merged.put(key, value);
            }
        });
        if (own.values.containsKey("systemd_service") && own.values.containsKey("restart_command")) {
            reader.problems()
                    .atKey(
                            own.present.get("restart_command"),
                            KeyPaths.child(path, "restart_command"),
                            "set systemd_service or restart_command, not both (restart_command replaces"
                                    + " the systemd restart)");
        }
        for (String required : ProviderKeys.requiredKeysFor(provider)) {
            boolean written = own.present.containsKey(required) || defaults.present.containsKey(required);
            if (!written) {
                reader.problems()
                        .atKey(
                                anchor,
                                path,
                                "missing required key '" + required + "' for provider " + provider
                                        + (target == null ? "" : " (environment " + target + ")"));
            }
        }
        if (reader.problems().size() > before || target == null) {
            return null;
        }
        return build(target, provider, path, merged);
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
                        "missing required key 'provider' (one of " + String.join(", ", ProviderKeys.types())
                                + "), here or in defaults:");
        return null;
    }

    private static String belongsElsewhere(String key, String provider) {
        List<String> owners = ProviderKeys.providersWith(key);
        String message = "key '" + key + "' belongs to provider" + (owners.size() > 1 ? "s " : " ")
                + String.join(", ", owners) + ", not " + provider;
        if (provider.equals(ProviderKeys.LOCAL) && SSH_KEYS.contains(key)) {
            message += " (local runs commands on this host: it has no host/port/user/key keys)";
        }
        return message;
    }

    private static EnvironmentConfig build(Target target, String provider, String path, Map<String, Object> values) {
        Map<String, Object> settings = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (!ProviderKeys.commonKeys().contains(key)) {
                settings.put(key, value);
            }
        });
        if (provider.equals(ProviderKeys.BARE_METAL)
                || (provider.equals(ProviderKeys.DOCKER_COMPOSE) && settings.containsKey("host"))) {
            settings.putIfAbsent("port", 22L);
        }
        if (provider.equals(ProviderKeys.BARE_METAL) || provider.equals(ProviderKeys.LOCAL)) {
            settings.putIfAbsent("strategy", "in_place");
            settings.putIfAbsent("keep_releases", 5L);
            settings.putIfAbsent("use_sudo", false);
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
                new ProviderSettings(path.isEmpty() ? target.toString() : path, settings));
    }

    private static Duration seconds(Map<String, Object> values, String key, long fallback) {
        Object v = values.get(key);
        return v == null ? Duration.ofSeconds(fallback) : (Duration) v;
    }
}
