package io.fraisier.webhook.host;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The request headers a git host sent, looked up without regard to case (HTTP header names are
 * case-insensitive and hosts spell them differently: {@code X-GitHub-Event}, {@code X-Github-Event}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Headers {
    private final Map<String, String> values;

    private Headers(Map<String, String> values) {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(values);
        this.values = copy;
    }

    public static Headers of(Map<String, String> values) {
        return new Headers(values);
    }

    /** The header's value, or null when it is absent or blank. */
    public @Nullable String get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    /** The first of {@code names} that is present, or null. */
    public @Nullable String first(Iterable<String> names) {
        for (String name : names) {
            String value = get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
