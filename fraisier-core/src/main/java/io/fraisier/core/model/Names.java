package io.fraisier.core.model;

import java.util.regex.Pattern;

/**
 * The grammar of fraise and environment names. They end up in paths, SQL and remote commands,
 * so only {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}} is accepted.
 *
 * <p>Thread-safe (stateless).
 */
public final class Names {
    /** The accepted grammar, for messages. */
    public static final String GRAMMAR = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private static final Pattern NAME = Pattern.compile(GRAMMAR);

    private Names() {}

    /** Returns whether {@code name} follows {@link #GRAMMAR}. */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Returns {@code name} when it follows {@link #GRAMMAR}.
     *
     * @throws IllegalArgumentException naming {@code what} and the grammar otherwise
     */
    public static String require(String what, String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a valid name: expected " + GRAMMAR);
        }
        return name;
    }
}
