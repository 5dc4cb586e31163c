package io.fraisier.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The provider types of {@code fraises.yaml} and, per type, the environment keys that belong to it
 * (CONFIG.md). Keys every environment accepts whatever its provider ({@code provider}, {@code branch},
 * timeouts, health checks) are {@link #commonKeys()}.
 *
 * <p>Thread-safe (immutable tables).
 */
public final class ProviderKeys {
    public static final String BARE_METAL = "bare_metal";
    public static final String LOCAL = "local";
    public static final String DOCKER = "docker";
    public static final String DOCKER_COMPOSE = "docker_compose";
    public static final String COOLIFY = "coolify";

    private static final List<String> SSH =
            List.of("host", "port", "user", "key_path", "key_passphrase_env", "known_hosts", "host_key_fingerprint");
    private static final List<String> ON_HOST = List.of(
            "app_path",
            "git_repo",
            "strategy",
            "keep_releases",
            "install_command",
            "systemd_service",
            "restart_command",
            "use_sudo",
            "log_command");

    private static final Map<String, Set<String>> KEYS = new LinkedHashMap<>();
    private static final Map<String, Set<String>> REQUIRED = new LinkedHashMap<>();

    static {
        KEYS.put(BARE_METAL, ordered(SSH, ON_HOST));
        KEYS.put(LOCAL, ordered(ON_HOST));
        KEYS.put(
                DOCKER,
                ordered(List.of(
                        "docker_host",
                        "image",
                        "tag",
                        "container_name",
                        "ports",
                        "env",
                        "volumes",
                        "labels",
                        "network",
                        "keep_images")));
        KEYS.put(
                DOCKER_COMPOSE,
                ordered(List.of("compose_file", "project", "service", "tag_variable", "compose_command"), SSH));
        KEYS.put(COOLIFY, ordered(List.of("api_url", "api_token", "application_uuid")));
        REQUIRED.put(BARE_METAL, ordered(List.of("host", "app_path")));
        REQUIRED.put(LOCAL, ordered(List.of("app_path")));
        REQUIRED.put(DOCKER, ordered(List.of("image")));
        REQUIRED.put(DOCKER_COMPOSE, ordered(List.of("compose_file", "service")));
        REQUIRED.put(COOLIFY, ordered(List.of("api_url", "api_token", "application_uuid")));
    }

    private static final Set<String> COMMON = ordered(List.of(
            "provider",
            "branch",
            "lock_timeout",
            "timeout",
            "auto_rollback",
            "health_check",
            "health_check_url",
            "health_check_timeout",
            "health_check_retries",
            "health_check_interval",
            "health_check_command",
            "health_check_tcp",
            "health_check_expect_status"));

    private ProviderKeys() {}

    /** The provider types, in CONFIG.md order. */
    public static Set<String> types() {
        return Collections.unmodifiableSet(KEYS.keySet());
    }

    /**
     * The keys that belong to {@code providerType} (not the {@linkplain #commonKeys() common} ones).
     *
     * @throws IllegalArgumentException for an unknown type
     */
    public static Set<String> keysFor(String providerType) {
        Set<String> keys = KEYS.get(providerType);
        if (keys == null) {
            throw new IllegalArgumentException(
                    "unknown provider '" + providerType + "'; known: " + String.join(", ", types()));
        }
        return keys;
    }

    /**
     * The keys an environment of {@code providerType} must set (possibly through {@code defaults:}).
     *
     * @throws IllegalArgumentException for an unknown type
     */
    public static Set<String> requiredKeysFor(String providerType) {
        keysFor(providerType);
        return REQUIRED.get(providerType);
    }

    /** Keys any environment accepts, whatever its provider. */
    public static Set<String> commonKeys() {
        return COMMON;
    }

    /** Every provider that accepts {@code key}, in {@link #types()} order (empty when none does). */
    public static List<String> providersWith(String key) {
        List<String> out = new ArrayList<>();
        KEYS.forEach((type, keys) -> {
            if (keys.contains(key)) {
                out.add(type);
            }
        });
        return out;
    }

    /** Every key any environment may set: common keys then each provider's keys. */
    public static Set<String> allEnvironmentKeys() {
        Set<String> all = new LinkedHashSet<>(COMMON);
        KEYS.values().forEach(all::addAll);
        return Collections.unmodifiableSet(all);
    }

    @SafeVarargs
    private static Set<String> ordered(List<String>... lists) {
        Set<String> s = new LinkedHashSet<>();
        for (List<String> l : lists) {
            s.addAll(l);
        }
        return Collections.unmodifiableSet(s);
    }
}
