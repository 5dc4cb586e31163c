package io.fraisier.logging;

import java.util.List;

/**
 * The loggers both apps keep at info when they log at debug ({@code -vv} of the CLI, {@code -v} of the
 * daemon), which is for Fraisier's own debug lines: the connection pool's (a line per connection, pool
 * statistics every 30 s) and the JDK's own, which reach SLF4J through {@code System.Logger}
 * ({@code java.lang.ProcessBuilder} logs a stack trace for every process started). Trace shows them all.
 * No logback class here: the CLI's short commands log without logback. Stateless.
 */
public final class QuietLoggers {
    /** The logger names, each with the loggers below it. */
    public static final List<String> AT_DEBUG = List.of("com.zaxxer.hikari", "java", "javax", "jdk", "sun");

    private QuietLoggers() {}

    /** Whether {@code name} is one of {@link #AT_DEBUG} or below one ({@code jdk.internal.X}, not {@code jdkx}). */
    public static boolean contains(String name) {
        for (String quiet : AT_DEBUG) {
            if (name.startsWith(quiet) && (name.length() == quiet.length() || name.charAt(quiet.length()) == '.')) {
                return true;
            }
        }
        return false;
    }
}
