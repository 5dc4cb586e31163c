package io.fraisier.core.config;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The provider's own keys of one environment ({@code host}, {@code app_path}, {@code image},
 * {@code api_token}, …), already validated by the parser against the provider's key set and types.
 * Values are {@link String}, {@link Long}, {@link Boolean}, {@link Secret}, {@code List} or {@code Map}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param keyPath where these keys live in the file, for messages (e.g. {@code fraises.my_api.environments.production})
 * @param values key → value
 */
public record ProviderSettings(String keyPath, Map<String, Object> values) {
    public ProviderSettings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static ProviderSettings empty(String keyPath) {
        return new ProviderSettings(keyPath, Map.of());
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Optional<String> string(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v instanceof Secret s ? s.reveal() : v.toString());
    }

    /** A required string key, or a config error naming the key path. */
    public String requireString(String key) {
        return string(key).orElseThrow(() -> missing(key));
    }

    public Optional<Long> number(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n) {
            return Optional.of(n.longValue());
        }
        try {
            return Optional.of(Long.parseLong(v.toString().trim()));
        } catch (NumberFormatException e) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID, keyPath + "." + key + ": expected a whole number, got '" + v + "'");
        }
    }

    public int intValue(String key, int fallback) {
        return number(key).map(Long::intValue).orElse(fallback);
    }

    public Duration seconds(String key, Duration fallback) {
        return number(key).map(Duration::ofSeconds).orElse(fallback);
    }

    public boolean flag(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
    }

    public Optional<Secret> secret(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(v instanceof Secret s ? s : Secret.of(v.toString()));
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(v.toString());
    }

    public Map<String, String> map(String key) {
        Object v = values.get(key);
        if (v instanceof Map<?, ?> m) {
            Map<String, String> out = new LinkedHashMap<>();
            m.forEach(
                    (k, val) -> out.put(String.valueOf(k), val instanceof Secret s ? s.reveal() : String.valueOf(val)));
            return Collections.unmodifiableMap(out);
        }
        return Map.of();
    }

    public @Nullable Object raw(String key) {
        return values.get(key);
    }

    private FraisierException missing(String key) {
        return new FraisierException(
                ErrorCode.CONFIG_INVALID,
                keyPath + ": missing required key '" + key + "'",
                "Add '" + key + ":' to " + keyPath + " in fraises.yaml.");
    }

    @Override
    public String toString() {
        // Secret values print as *** through Secret.toString
        return keyPath + values;
    }
}
