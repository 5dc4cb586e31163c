package io.fraisier.core.internal.config;

import io.fraisier.core.config.DidYouMean;
import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns located YAML nodes into typed values, expanding {@code ${VAR}} first. Each method returns null
 * when the value is absent ({@code ~} or empty) or wrong; a wrong value adds exactly one problem that
 * points at the value and names the key path. Values of secret keys are shown as {@code ***}.
 *
 * <p>Not thread-safe (shares one {@link Problems}).
 */
public final class ValueReader {
    /** Where a fleet's health check names the host it checks. */
    static final String HOST_PLACEHOLDER = "{host}";

    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Problems problems;
    private final VariableExpander expander;

    public ValueReader(Problems problems, VariableExpander expander) {
        this.problems = problems;
        this.expander = expander;
    }

    public Problems problems() {
        return problems;
    }

    /** A mapping, null when absent; anything else is a problem. */
    public YamlNode.@Nullable Mapping mapping(YamlNode node, String path) {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        if (node instanceof YamlNode.Scalar s && s.isNull()) {
            return null;
        }
        problems.at(node, path, "expected a mapping (indented key: value lines), got " + shown(node, path));
        return null;
    }

    /** The expanded text of a scalar, null when absent or wrong. */
    public @Nullable String text(YamlNode node, String path) {
        if (!(node instanceof YamlNode.Scalar s)) {
            problems.at(node, path, "expected a single value, got " + node.describe());
            return null;
        }
        if (s.isNull()) {
            return null;
        }
        return expander.expand(s, path, problems);
    }

    /** A non-empty string. */
    public @Nullable String string(YamlNode node, String path) {
        String text = text(node, path);
        if (text != null && text.isBlank()) {
            return fail(node, path, "must not be empty");
        }
        return text;
    }

    /** A non-empty secret. */
    public @Nullable Secret secret(YamlNode node, String path) {
        String text = string(node, path);
        return text == null ? null : Secret.of(text);
    }

    /** A positive number of seconds (fractions allowed, e.g. 0.5). */
    public @Nullable Duration seconds(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (DECIMAL.matcher(t).matches()) {
            long millis = wholeMillis(t);
            if (millis >= 1) {
                return Duration.ofMillis(millis);
            }
        }
        return fail(node, path, "must be a positive number of seconds, got " + shown(text, path));
    }

    /**
     * The whole milliseconds in {@code decimal} seconds (one {@link #DECIMAL}), what is past them dropped
     * ({@code 1.2345} is 1,234 ms); 0 or less when it is not positive or not below {@code Long.MAX_VALUE}
     * ms. Long arithmetic, not {@code BigDecimal}: the first use of that class costs some 15 ms of static
     * initialisation, on every command that reads the configuration.
     */
    static long wholeMillis(String decimal) {
        boolean negative = decimal.startsWith("-");
        String unsigned = negative || decimal.startsWith("+") ? decimal.substring(1) : decimal;
        int dot = unsigned.indexOf('.');
        int first = 0;
        int end = dot < 0 ? unsigned.length() : dot;
        while (first < end && unsigned.charAt(first) == '0') {
            first++;
        }
        String whole = unsigned.substring(first, end);
        String fraction = dot < 0 ? "" : unsigned.substring(dot + 1);
        if (whole.length() > 16) {
            return 0; // 10^16 s and more: past Long.MAX_VALUE ms
        }
        try {
            long millis = Math.addExact(
                    Math.multiplyExact(whole.isEmpty() ? 0 : Long.parseLong(whole), 1000L),
                    Long.parseLong((fraction + "000").substring(0, 3)));
            return negative || millis == Long.MAX_VALUE ? 0 : millis;
        } catch (ArithmeticException tooLarge) {
            return 0;
        }
    }

    /** A whole number within {@code [min, max]}. */
    public @Nullable Long whole(YamlNode node, String path, long min, long max) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (WHOLE.matcher(t).matches() && t.length() < 19) {
            long v = Long.parseLong(t);
            if (v >= min && v <= max) {
                return v;
            }
        }
        return fail(node, path, "must be " + range(min, max) + ", got " + shown(text, path));
    }

    /** A TCP port, 1..65535. */
    public @Nullable Integer port(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (WHOLE.matcher(t).matches() && t.length() < 7) {
            int v = Integer.parseInt(t);
            if (v >= 1 && v <= 65535) {
                return v;
            }
        }
        return fail(node, path, "must be a port number from 1 to 65535, got " + shown(text, path));
    }

    /** {@code true} or {@code false} ({@code yes}/{@code no} and {@code on}/{@code off} as YAML 1.1 allows). */
    public @Nullable Boolean bool(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> fail(node, path, "must be true or false, got " + shown(text, path));
        };
    }

    /** One of {@code allowed}; {@code what} names the kind of thing, e.g. "provider". */
    public @Nullable String choice(YamlNode node, String path, Collection<String> allowed, String what) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        if (allowed.contains(text)) {
            return text;
        }
        return fail(
                node,
                path,
                "unknown " + what + " " + shown(text, path) + "; expected one of " + String.join(", ", allowed)
                        + DidYouMean.suffix(text, allowed));
    }

    /** An absolute {@code http://} or {@code https://} URL with a host. */
    public @Nullable String httpUrl(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            // {host} stands for each host of a fleet; it is checked as a host name
            URI uri = new URI(text.trim().replace(HOST_PLACEHOLDER, "fleet-host"));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return text.trim();
            }
        } catch (URISyntaxException e) {
            // reported below like any other non-URL
        }
        return fail(node, path, "must be an http:// or https:// URL with a host, got " + shown(text, path));
    }

    /** {@code host:port}, with {@code [v6address]:port} for IPv6. */
    public @Nullable String hostPort(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.startsWith(HOST_PLACEHOLDER + ":")) {
            t = "fleet-host" + t.substring(HOST_PLACEHOLDER.length());
        }
        int colon = t.lastIndexOf(':');
        if (colon > 0 && colon < t.length() - 1) {
            String host = t.substring(0, colon);
            String port = t.substring(colon + 1);
            boolean hostOk = host.startsWith("[") ? host.endsWith("]") && host.length() > 2 : !host.contains(":");
            if (hostOk && WHOLE.matcher(port).matches() && port.length() < 7) {
                int p = Integer.parseInt(port);
                if (p >= 1 && p <= 65535) {
                    return text.trim();
                }
            }
        }
        return fail(node, path, "must be host:port with a port from 1 to 65535, got " + shown(text, path));
    }

    /** A git branch name ({@link RefNames}), checked before any deployment can pass it to git. */
    public @Nullable String branch(YamlNode node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        String problem = RefNames.problem(text);
        return problem == null ? text : fail(node, path, RefNames.message(text, problem));
    }

    /** An environment variable name ({@code [A-Za-z_][A-Za-z0-9_]*}). */
    public @Nullable String variableName(YamlNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        if (VARIABLE_NAME.matcher(text).matches()) {
            return text;
        }
        return fail(
                node, path, "must be an environment variable name (letters, digits and '_'), got " + shown(text, path));
    }

    /** A list of non-empty strings (a single value counts as a list of one). */
    public @Nullable List<String> stringList(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s) {
            if (s.isNull()) {
                return null;
            }
            String one = string(node, path);
            return one == null ? null : List.of(one);
        }
        if (!(node instanceof YamlNode.Sequence seq)) {
            return fail(node, path, "expected a list, got " + node.describe());
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < seq.items().size(); i++) {
            String v = string(seq.items().get(i), KeyPaths.item(path, i));
            ok &= v != null;
            if (v != null) {
                out.add(v);
            }
        }
        return ok ? List.copyOf(out) : null;
    }

    /**
     * A mapping of names to single values (or a list of {@code NAME=value} items, as compose files write
     * it), as strings; values become {@link Secret} when
     * {@code allSecret} or when their key names a secret ({@code DB_PASSWORD}, {@code API_TOKEN}, …).
     */
    public @Nullable Map<String, Object> stringMap(YamlNode node, String path, boolean allSecret) {
        if (node instanceof YamlNode.Sequence seq) {
            return keyValueList(seq, path, allSecret);
        }
        YamlNode.Mapping m = mapping(node, path);
        if (m == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        boolean ok = true;
        for (YamlNode.Entry e : m.entries().values()) {
            String entryPath = KeyPaths.child(path, e.key());
            String v = text(e.value(), entryPath);
            if (v == null && e.value() instanceof YamlNode.Scalar s && s.isNull()) {
                v = "";
            }
            ok &= v != null;
            if (v != null) {
                out.put(e.key(), allSecret || KeyPaths.isSecretKey(e.key()) ? Secret.of(v) : v);
            }
        }
        return ok ? out : null;
    }

    /** The compose-style spelling of a mapping: a list of {@code NAME=value} items. */
    private @Nullable Map<String, Object> keyValueList(YamlNode.Sequence seq, String path, boolean allSecret) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean ok = true;
        for (int i = 0; i < seq.items().size(); i++) {
            String itemPath = KeyPaths.item(path, i);
            String item = string(seq.items().get(i), itemPath);
            int eq = item == null ? -1 : item.indexOf('=');
            if (item != null && eq < 1) {
                // the value may be a credential: name the expected shape, not the item
                problems.at(seq.items().get(i), itemPath, "expected NAME=value");
            }
            if (eq < 1) {
                ok = false;
                continue;
            }
            String name = item.substring(0, eq);
            String value = item.substring(eq + 1);
            out.put(name, allSecret || KeyPaths.isSecretKey(name) ? Secret.of(value) : value);
        }
        return ok ? out : null;
    }

    /** Adds a problem at {@code node} and returns null, for one-line failure branches. */
    public <T> @Nullable T fail(YamlNode node, String path, String message) {
        problems.at(node, path, message);
        return null;
    }

    /** How a value is quoted in a message: {@code ***} for secrets, bare numbers, other text in quotes. */
    public static String shown(String text, String path) {
        if (KeyPaths.isSecret(path)) {
            return "***";
        }
        return DECIMAL.matcher(text.trim()).matches() ? text.trim() : "'" + text + "'";
    }

    private static String shown(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && !s.isNull()) {
            return node.describe() + " " + shown(s.text(), path);
        }
        return node.describe();
    }

    private static String range(long min, long max) {
        // bounds that only guard against overflow are not worth showing
        if (max >= Integer.MAX_VALUE) {
            return "a whole number, " + min + " or more";
        }
        return "a whole number from " + min + " to " + max;
    }
}
