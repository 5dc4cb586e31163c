package io.fraisier.core.internal.config;

import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The environment keys of {@code fraises.yaml}: those every environment accepts ({@link #COMMON}) and,
 * per provider type, the keys its factory declares. Types are in the factories' order; the first factory
 * of a type wins, as in the engine.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProviderSchemas {
    /** Keys any environment accepts, whatever its provider. */
    public static final Set<String> COMMON = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
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
            "health_check_expect_status",
            "hooks")));

    private final Map<String, DeploymentProviderFactory> factories;
    private final Map<String, Map<String, ProviderKey>> keys;
    private final Set<String> all;

    private ProviderSchemas(Map<String, DeploymentProviderFactory> factories) {
        this.factories = factories;
        Map<String, Map<String, ProviderKey>> byType = new LinkedHashMap<>();
        Set<String> every = new LinkedHashSet<>(COMMON);
        factories.forEach((type, factory) -> {
            Map<String, ProviderKey> own = new LinkedHashMap<>();
            for (ProviderKey k : factory.keys()) {
                if (COMMON.contains(k.name()) || k.name().equals("freeze_windows")) {
                    throw new IllegalArgumentException("provider " + type + " declares key '" + k.name()
                            + "', which every environment already has");
                }
                if (own.putIfAbsent(k.name(), k) != null) {
                    throw new IllegalArgumentException("provider " + type + " declares key '" + k.name() + "' twice");
                }
            }
            byType.put(type, Collections.unmodifiableMap(own));
            every.addAll(own.keySet());
        });
        this.keys = Collections.unmodifiableMap(byType);
        this.all = Collections.unmodifiableSet(every);
    }

    /**
     * The schemas of {@code factories}.
     *
     * @throws IllegalArgumentException when a factory declares a common key or one key twice
     */
    public static ProviderSchemas of(Collection<? extends DeploymentProviderFactory> factories) {
        Map<String, DeploymentProviderFactory> byType = new LinkedHashMap<>();
        factories.forEach(f -> byType.putIfAbsent(f.type(), f));
        return new ProviderSchemas(Collections.unmodifiableMap(byType));
    }

    /** The provider types. */
    public Set<String> types() {
        return keys.keySet();
    }

    /** The keys of {@code type} by name (empty for an unknown type). */
    public Map<String, ProviderKey> keysFor(String type) {
        return keys.getOrDefault(type, Map.of());
    }

    /** Every key any environment may set: common keys, then each provider's. */
    public Set<String> allEnvironmentKeys() {
        return all;
    }

    /** Every provider that accepts {@code key}, in {@link #types()} order. */
    public List<String> providersWith(String key) {
        List<String> out = new ArrayList<>();
        keys.forEach((type, own) -> {
            if (own.containsKey(key)) {
                out.add(type);
            }
        });
        return out;
    }

    /** The declaration of {@code key} by {@code type}, else by the first provider that has it; null if none. */
    public @Nullable ProviderKey declaration(@Nullable String type, String key) {
        ProviderKey own = type == null ? null : keysFor(type).get(key);
        if (own != null) {
            return own;
        }
        for (Map<String, ProviderKey> k : keys.values()) {
            if (k.containsKey(key)) {
                return k.get(key);
            }
        }
        return null;
    }

    /** The note {@code type}'s factory adds when an environment of it sets another provider's key. */
    public @Nullable String foreignKeyNote(String type, String key) {
        DeploymentProviderFactory f = factories.get(type);
        return f == null ? null : f.foreignKeyNote(key);
    }
}
