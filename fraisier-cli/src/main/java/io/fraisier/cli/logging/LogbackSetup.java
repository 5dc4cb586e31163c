package io.fraisier.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.fraisier.logging.FraisierLogback;
import io.fraisier.logging.QuietLoggers;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;

/**
 * {@link LoggingSetup} applied to logback ({@link FraisierLogback}, shared with the webhook daemon): a
 * stderr appender, and the rotated file when asked, every line scrubbed. Only this class (and
 * {@link DefaultLogging}) names logback's types, so that a command logging through {@link ConsoleLogging}
 * never loads them.
 */
final class LogbackSetup {
    static final String FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level [%thread] %logger{36} - %msg%n";

    private LogbackSetup() {}

    /** Whether {@code factory} is logback's and the operator left it to Fraisier. */
    static boolean isConfigurable(ILoggerFactory factory) {
        return factory instanceof LoggerContext && !DefaultLogging.operatorConfigured();
    }

    /**
     * @param factory logback's ({@link #isConfigurable})
     * @param scrubber asked at each line written, console and file
     * @return the log file written to, if any
     */
    static Optional<Path> apply(
            ILoggerFactory factory,
            org.slf4j.event.Level wanted,
            @Nullable Path logDirectory,
            LoggingSetup.Format format,
            UnaryOperator<String> scrubber) {
        Level level = Level.convertAnSLF4JLevel(wanted);
        Optional<Path> file = LoggingSetup.usableDirectory(logDirectory).map(dir -> dir.resolve("fraisier.log"));
        FraisierLogback logback = console(level)
                .levels(
                        // the file keeps info even when the terminal shows warnings only
                        file.isPresent() && level.levelInt > Level.INFO.levelInt ? Level.INFO : level,
                        // -vv is for Fraisier's own debug lines: the pool's and the JDK's drown them; -vvv
                        // (trace) shows everything
                        level == Level.DEBUG ? quietAtInfo() : Map.of())
                .writing(format == LoggingSetup.Format.json, scrubber);
        file.ifPresent(f -> logback.file(f, FILE_PATTERN));
        logback.reconfigure((LoggerContext) factory);
        return file;
    }

    /** Warnings on stderr, on a context logback is still initialising (no reset, no file). */
    static void consoleOnly(LoggerContext context, UnaryOperator<String> scrubber) {
        console(Level.WARN)
                .levels(Level.WARN, Map.of())
                .writing(false, scrubber)
                .configure(context);
    }

    private static FraisierLogback console(Level level) {
        return FraisierLogback.console(FraisierLogback.Target.STDERR, LoggingSetup.CONSOLE_PATTERN, level);
    }

    /** {@link QuietLoggers}, each at info. */
    private static Map<String, Level> quietAtInfo() {
        Map<String, Level> levels = new java.util.HashMap<>();
        for (String name : QuietLoggers.AT_DEBUG) {
            levels.put(name, Level.INFO);
        }
        return levels;
    }
}
