package io.fraisier.core.internal.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in scalar values from an environment map. As in
 * the shell, {@code :-} also applies when the variable is set but empty. An unset variable without a
 * default, or a {@code ${} that is not one of these two forms, is a problem naming the key and the
 * variable (never the value).
 *
 * <p>Thread-safe when the map is not modified.
 */
public final class VariableExpander {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> environment;

    public VariableExpander(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The expanded text, or null after adding a problem at {@code node}. */
    public @Nullable String expand(YamlNode.Scalar node, String keyPath, Problems problems) {
        String text = node.text();
        if (!text.contains("${")) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        Matcher m = REFERENCE.matcher(text);
        int from = 0;
        boolean ok = true;
        while (m.find()) {
            String before = text.substring(from, m.start());
            if (before.contains("${")) {
                malformed(node, keyPath, problems);
                return null;
            }
            out.append(before);
            String name = m.group(1);
            String value = environment.get(name);
            String fallback = m.group(2);
            if (fallback != null && (value == null || value.isEmpty())) {
                out.append(fallback);
            } else if (value != null) {
                out.append(value);
            } else {
                problems.at(
                        node,
                        keyPath,
                        "environment variable " + name + " is not set (export it, or write ${" + name
                                + ":-default} to give a default)");
                ok = false;
            }
            from = m.end();
        }
        String rest = text.substring(from);
        if (rest.contains("${")) {
            malformed(node, keyPath, problems);
            return null;
        }
        return ok ? out.append(rest).toString() : null;
    }

    private static void malformed(YamlNode node, String keyPath, Problems problems) {
        problems.at(
                node,
                keyPath,
                "'${' must start ${NAME} or ${NAME:-default}, with NAME made of letters, digits and '_'"
                        + " and a closing '}'");
    }
}
