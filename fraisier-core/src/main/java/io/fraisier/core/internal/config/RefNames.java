package io.fraisier.core.internal.config;

import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Git branch names as {@code branch:} and the keys of {@code branch_mapping:} may write them: the rules
 * of {@code git check-ref-format --branch}, narrowed to the characters Fraisier's providers pass to git
 * ({@code A-Z a-z 0-9 . _ / -}, at most 255), so that a name that passes here is never refused later by
 * a deployment, after it took the lock and recorded a row.
 *
 * <p>Thread-safe (stateless).
 */
public final class RefNames {
    /** What a valid name looks like, for messages. */
    public static final String GRAMMAR = "letters, digits, '.', '_', '/' and '-'; not starting with '-', '/' or '.';"
            + " no '..', '//' or component starting with '.'; not ending in '/', '.' or '.lock'; at most 255";

    private static final int MAX = 255;

    private RefNames() {}

    /** What is wrong with {@code name} as a branch name, or null when it is valid. */
    public static @Nullable String problem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        Set<String> bad = new LinkedHashSet<>();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!allowed(c)) {
                bad.add(describe(c));
            }
        }
        if (!bad.isEmpty()) {
            return "contains " + String.join(", ", bad);
        }
        if (name.startsWith("-")) {
            return "starts with '-' (git would read it as an option)";
        }
        if (name.startsWith("/")) {
            return "starts with '/'";
        }
        if (name.contains("..")) {
            return "contains '..'";
        }
        if (name.contains("//")) {
            return "contains '//' (an empty component)";
        }
        if (name.endsWith("/")) {
            return "ends with '/'";
        }
        if (name.endsWith(".")) {
            return "ends with '.'";
        }
        for (String component : name.split("/", -1)) {
            if (component.startsWith(".")) {
                return "has a component starting with '.' ('" + component + "')";
            }
            if (component.endsWith(".lock")) {
                return "has a component ending in '.lock' ('" + component + "')";
            }
        }
        if (name.length() > MAX) {
            return "is " + name.length() + " characters long (at most " + MAX + ")";
        }
        return null;
    }

    /** The problem message for {@code name}, given what {@link #problem} found. */
    public static String message(String name, String problem) {
        return "branch name '" + name + "' is not valid: it " + problem + "; expected " + GRAMMAR;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '/'
                || c == '-';
    }

    private static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (Character.isISOControl(c) || Character.isWhitespace(c)) {
            return String.format("a control character (U+%04X)", (int) c);
        }
        return "'" + c + "'";
    }
}
