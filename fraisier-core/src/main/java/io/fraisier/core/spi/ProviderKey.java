package io.fraisier.core.spi;

import io.fraisier.core.config.ProviderSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One environment key that a provider type accepts in {@code fraises.yaml}: its name, the type its value
 * is checked against when the file is read, whether it must be set, its default (the only place the
 * default is written: the parser applies it, and {@code ProviderSettings} reads it back for settings
 * built by hand) and whether its value is a secret. A {@link DeploymentProviderFactory} lists its keys in
 * {@link DeploymentProviderFactory#keys()}.
 *
 * <p>Build one with a factory method of its type, then the {@code with…} methods:
 * {@code ProviderKey.port("port", "SSH port").withDefault(22L).onlyWith("host")}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the key, snake_case
 * @param type what its value must be
 * @param required whether an environment of the provider must set it (itself or through {@code defaults:})
 * @param defaultValue the value when it is not set (null: none): a {@code String} for text types, a
 *     {@code Long} for {@link KeyType#INT} and {@link KeyType#PORT}, a {@code Boolean}, a {@code Duration}
 * @param secret whether the value is a secret (held as {@code Secret}, never shown); for a {@link
 *     KeyType#MAP}, whether every value is one (otherwise only values whose names look like secrets are)
 * @param description one line for the documentation and {@code provider-test}
 * @param choices the allowed values of a {@link KeyType#CHOICE}
 * @param min the smallest {@link KeyType#INT}
 * @param max the largest {@link KeyType#INT}
 * @param onlyWith the default applies only when this other key is set (null: always)
 * @param conflictsWith the other key an environment may not set together with this one (null: none); the
 *     two replace each other, so an environment that sets one does not inherit the other from {@code
 *     defaults:}
 * @param conflictNote why they conflict, shown in the problem
 */
public record ProviderKey(
        String name,
        KeyType type,
        boolean required,
        @Nullable Object defaultValue,
        boolean secret,
        String description,
        List<String> choices,
        long min,
        long max,
        @Nullable String onlyWith,
        @Nullable String conflictsWith,
        String conflictNote) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** What a key's value must be. */
    public enum KeyType {
        /** non-empty text */
        STRING,
        /** a whole number within {@code [min, max]} */
        INT,
        /** a TCP port, 1 to 65535 */
        PORT,
        /** true or false */
        BOOL,
        /** a positive number of seconds */
        DURATION,
        /** an absolute http:// or https:// URL */
        URL,
        /** an environment variable name */
        VARIABLE_NAME,
        /** one of {@code choices} */
        CHOICE,
        /** a list of non-empty text (one value counts as a list of one) */
        LIST,
        /** names to text, as a mapping or a list of {@code NAME=value} */
        MAP,
        /**
         * the hosts of a fleet: {@code [user@]host[:port]} text, or mappings of this provider's keys
         * that must set {@code host} (held as a list of {@link io.fraisier.core.config.FleetHost})
         */
        HOSTS
    }

    public ProviderKey {
        Objects.requireNonNull(type, "type");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("provider key '" + name + "' is not snake_case");
        }
        choices = List.copyOf(choices);
        if (type == KeyType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("key '" + name + "': a CHOICE needs choices");
        }
        if (min > max) {
            throw new IllegalArgumentException("key '" + name + "': min " + min + " > max " + max);
        }
        if (defaultValue instanceof Integer i) {
            defaultValue = i.longValue();
        }
        if (defaultValue != null && !defaultFits(type, defaultValue, choices)) {
            throw new IllegalArgumentException(
                    "key '" + name + "': default " + defaultValue + " is not a " + type + " value");
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("key '" + name + "' is required: it cannot have a default");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(conflictNote, "conflictNote");
    }

    /** Non-empty text. */
    public static ProviderKey string(String name, String description) {
        return of(name, KeyType.STRING, description);
    }

    /** A whole number within {@code [min, max]}. */
    public static ProviderKey integer(String name, long min, long max, String description) {
        return new ProviderKey(name, KeyType.INT, false, null, false, description, List.of(), min, max, null, null, "");
    }

    /** A TCP port. */
    public static ProviderKey port(String name, String description) {
        return of(name, KeyType.PORT, description);
    }

    /** true or false. */
    public static ProviderKey bool(String name, String description) {
        return of(name, KeyType.BOOL, description);
    }

    /** A positive number of seconds. */
    public static ProviderKey duration(String name, String description) {
        return of(name, KeyType.DURATION, description);
    }

    /** An http:// or https:// URL. */
    public static ProviderKey url(String name, String description) {
        return of(name, KeyType.URL, description);
    }

    /** The name of an environment variable. */
    public static ProviderKey variableName(String name, String description) {
        return of(name, KeyType.VARIABLE_NAME, description);
    }

    /** One of {@code choices}. */
    public static ProviderKey choice(String name, List<String> choices, String description) {
        return new ProviderKey(
                name, KeyType.CHOICE, false, null, false, description, choices, 0, Long.MAX_VALUE, null, null, "");
    }

    /** A list of text. */
    public static ProviderKey list(String name, String description) {
        return of(name, KeyType.LIST, description);
    }

    /** A mapping of names to text. */
    public static ProviderKey map(String name, String description) {
        return of(name, KeyType.MAP, description);
    }

    /**
     * The hosts of a fleet ({@code hosts:}): each one text {@code [user@]host[:port]} or a mapping of the
     * provider's own keys; the engine deploys to each with those keys in place of the environment's.
     */
    public static ProviderKey hosts(String name, String description) {
        return of(name, KeyType.HOSTS, description);
    }

    /** This key, required. */
    public ProviderKey asRequired() {
        return new ProviderKey(
                name,
                type,
                true,
                defaultValue,
                secret,
                description,
                choices,
                min,
                max,
                onlyWith,
                conflictsWith,
                conflictNote);
    }

    /** This key, with a default ({@code Integer}s are held as {@code Long}). */
    public ProviderKey withDefault(Object value) {
        return new ProviderKey(
                name,
                type,
                required,
                value,
                secret,
                description,
                choices,
                min,
                max,
                onlyWith,
                conflictsWith,
                conflictNote);
    }

    /** This key, secret. */
    public ProviderKey asSecret() {
        return new ProviderKey(
                name,
                type,
                required,
                defaultValue,
                true,
                description,
                choices,
                min,
                max,
                onlyWith,
                conflictsWith,
                conflictNote);
    }

    /** This key, whose default applies only when {@code otherKey} is set. */
    public ProviderKey onlyWith(String otherKey) {
        return new ProviderKey(
                name,
                type,
                required,
                defaultValue,
                secret,
                description,
                choices,
                min,
                max,
                otherKey,
                conflictsWith,
                conflictNote);
    }

    /** This key, which may not be set with {@code otherKey} (each replaces the other); {@code why} says why. */
    public ProviderKey conflictsWith(String otherKey, String why) {
        return new ProviderKey(
                name, type, required, defaultValue, secret, description, choices, min, max, onlyWith, otherKey, why);
    }

    /**
     * This key's text in {@code settings}, else its default.
     *
     * @throws io.fraisier.core.error.FraisierException {@code CONFIG_INVALID} when it has neither
     */
    public String text(ProviderSettings settings) {
        return settings.string(name)
                .orElseGet(() -> defaultValue != null ? defaultValue.toString() : settings.requireString(name));
    }

    /**
     * This key's whole number in {@code settings}, else its default.
     *
     * @throws io.fraisier.core.error.FraisierException {@code CONFIG_INVALID} when it has neither
     */
    public long whole(ProviderSettings settings) {
        return settings.number(name).orElseGet(() -> {
            if (defaultValue instanceof Long l) {
                return l;
            }
            settings.requireString(name); // throws: the key is not set
            throw new IllegalStateException(name);
        });
    }

    /** This key's flag in {@code settings}, else its default (false when it has none). */
    public boolean flag(ProviderSettings settings) {
        return settings.flag(name, defaultValue instanceof Boolean b && b);
    }

    /** The default as text, for the documentation ({@code ""}: none). */
    public String defaultText() {
        if (defaultValue == null) {
            return "";
        }
        return defaultValue instanceof Duration d ? String.valueOf(d.toSeconds()) : String.valueOf(defaultValue);
    }

    private static ProviderKey of(String name, KeyType type, String description) {
        return new ProviderKey(
                name, type, false, null, false, description, List.of(), 0, Long.MAX_VALUE, null, null, "");
    }

    private static boolean defaultFits(KeyType type, Object value, List<String> choices) {
        return switch (type) {
            case STRING, URL, VARIABLE_NAME -> value instanceof String;
            case CHOICE -> value instanceof String s && choices.contains(s);
            case INT, PORT -> value instanceof Long;
            case BOOL -> value instanceof Boolean;
            case DURATION -> value instanceof Duration;
            case LIST, HOSTS -> value instanceof List<?>;
            case MAP -> value instanceof Map<?, ?>;
        };
    }
}
