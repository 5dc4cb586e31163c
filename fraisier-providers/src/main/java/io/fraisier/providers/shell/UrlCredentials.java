package io.fraisier.providers.shell;

import java.util.regex.Pattern;

/**
 * Hides credentials that operators put in URLs ({@code https://user:token@host/repo.git}) before a URL
 * or a command's output is shown, reported or stored.
 */
public final class UrlCredentials {
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]+@");

    private UrlCredentials() {}

    /** {@code text} with every {@code scheme://user[:password]@} turned into {@code scheme://***@}. */
    public static String redact(String text) {
        return USER_INFO.matcher(text).replaceAll("$1***@");
    }
}
