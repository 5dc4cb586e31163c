package io.fraisier.cli.logging;

import io.fraisier.logging.QuietLoggers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Configures logging in code, once per process, before a command runs (no {@code logback.xml} to lose
 * or override).
 *
 * <ul>
 *   <li>stderr gets warnings and errors only by default; {@code -v} adds info, {@code -vv} debug;
 *       {@code FRAISIER_LOG=<level>} or {@code RUST_LOG=debug} (the guide tells operators to use the
 *       latter) raise it too — the most verbose request wins; at debug the connection pool
 *       ({@code com.zaxxer.hikari}) and the JDK's own loggers stay at info ({@link QuietLoggers}),
 *       trace shows them too;
 *   <li>long-running commands ({@code metrics}, the daemon) also write {@code fraisier.log} in the log
 *       folder ({@code $FRAISIER_LOG_DIR}, default {@code /var/log/fraisier}) when it is writable, rotated
 *       by size (10 MB, gzipped, 30 days, 1 GB at most).
 * </ul>
 *
 * <p>{@code --log-format json} (or {@code FRAISIER_LOG_FORMAT=json}) writes one JSON object per line,
 * on stderr and in the file (logback's {@code JsonEncoder}). A logback configuration of the operator's
 * ({@code -Dlogback.configurationFile=…} in {@code FRAISIER_JAVA_OPTS}: bin/fraisier's class path is its
 * own {@code lib/}, so that property is the one way to give one) wins: then nothing here touches logback
 * ({@link DefaultLogging}), and what the operator's appenders write is not scrubbed. Otherwise every line logback writes, stderr and file, text and JSON,
 * passes through the scrubber ({@link #scrubbedWith}), as every line {@link ConsoleLogging} writes does.
 *
 * <p>Two backends: the executable's short commands log through {@link ConsoleLogging}, which writes the
 * same text lines as logback's console appender without logback's start-up; logback serves the file, JSON
 * and an operator's configuration ({@link #chooseBackend}). {@link #apply()} sets whichever is bound.
 *
 * <p>Not thread-safe: call from {@code main} before starting other threads.
 */
public final class LoggingSetup {
    /** Where long-running commands log, when they may. */
    public static final Path DEFAULT_LOG_DIRECTORY = Path.of("/var/log/fraisier");

    /** Overrides {@link #DEFAULT_LOG_DIRECTORY}. */
    public static final String LOG_DIR_VARIABLE = "FRAISIER_LOG_DIR";

    /** HikariCP, the connection pool. */
    static final String POOL_LOGGER = "com.zaxxer.hikari";

    static final String CONSOLE_PATTERN = "%level %logger{0}: %msg%n";

    /** Overrides the default {@code --log-format}. */
    public static final String LOG_FORMAT_VARIABLE = "FRAISIER_LOG_FORMAT";

    /** slf4j-api's system property naming the provider to use instead of discovering one. */
    static final String PROVIDER_PROPERTY = "slf4j.provider";

    /** Logback's system property naming its configuration file. */
    static final String LOGBACK_CONFIGURATION_PROPERTY = "logback.configurationFile";

    /** slf4j-api's own messages on stderr: from this level up (its default, info, includes the above). */
    static final String SLF4J_VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

    /** How log lines are written. */
    public enum Format {
        /** {@code WARN Logger: message} on stderr, a timestamped line in the file */
        text,
        /** one JSON object per event (timestamp, level, logger, thread, message, throwable) */
        json
    }

    private final Level level;
    private final @Nullable Path logDirectory;
    private final Format format;
    private final UnaryOperator<String> scrubber;

    private LoggingSetup(Level level, @Nullable Path logDirectory, Format format, UnaryOperator<String> scrubber) {
        this.level = level;
        this.logDirectory = logDirectory;
        this.format = format;
        this.scrubber = scrubber;
    }

    /** Console logging at the level asked for by {@code -v} count and the environment, as text. */
    public static LoggingSetup forCommand(int verbosity, Map<String, String> environment) {
        return new LoggingSetup(level(verbosity, environment), null, Format.text, UnaryOperator.identity());
    }

    /** Also log to {@code fraisier.log} in {@code directory} when it is (or can be made) writable. */
    public LoggingSetup withLogFileIn(Path directory) {
        return new LoggingSetup(level, directory, format, scrubber);
    }

    /** Lines written as {@code format}. */
    public LoggingSetup withFormat(Format value) {
        return new LoggingSetup(level, logDirectory, value, scrubber);
    }

    /**
     * Each event's text passed through {@code value} before it is written, by {@link ConsoleLogging} or by
     * logback (console and file, text and JSON): the CLI's scrubber, which learns the config's secrets once
     * it is loaded, so it is asked at each event.
     */
    public LoggingSetup scrubbedWith(UnaryOperator<String> value) {
        return new LoggingSetup(level, logDirectory, format, value);
    }

    /**
     * Chooses the SLF4J provider for a run of the executable with {@code args}, before anything logs:
     * {@link ConsoleLogging} unless the command needs logback ({@code metrics} writes the log file;
     * {@code --log-format json} or {@value #LOG_FORMAT_VARIABLE} other than text; an operator's logback
     * configuration, {@code -Dlogback.configurationFile}) or the JVM was given {@code -Dslf4j.provider}
     * already. The class path is not searched for a {@code logback.xml}: bin/fraisier's holds only its own
     * jars, and the search would open every one of them (some 45 ms of each command). In doubt, logback: it does
     * everything, only slower to start. Never for tests or embedders, which call no {@code main}.
     */
    public static void chooseBackend(String[] args, Map<String, String> environment) {
        if (System.getProperty(PROVIDER_PROPERTY) == null && !needsLogback(args, environment)) {
            System.setProperty(PROVIDER_PROPERTY, ConsoleLogging.class.getName());
            // else slf4j announces on stderr the provider it was told to load, on every run
            if (System.getProperty(SLF4J_VERBOSITY_PROPERTY) == null) {
                System.setProperty(SLF4J_VERBOSITY_PROPERTY, "WARN");
            }
        }
    }

    static boolean needsLogback(String[] args, Map<String, String> environment) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            // a fraise or environment called "metrics" costs only the faster start
            if (arg.equals("metrics")) {
                return true;
            }
            if (arg.equals("--log-format")) {
                if (i + 1 >= args.length || !isText(args[i + 1])) {
                    return true;
                }
            } else if (arg.startsWith("--log-format=") && !isText(arg.substring("--log-format=".length()))) {
                return true;
            }
        }
        String variable = environment.get(LOG_FORMAT_VARIABLE);
        if (variable != null && !variable.isBlank() && !isText(variable)) {
            return true;
        }
        return System.getProperty(LOGBACK_CONFIGURATION_PROPERTY) != null;
    }

    private static boolean isText(String format) {
        return format.strip().equalsIgnoreCase(Format.text.name());
    }

    /**
     * Whether logback would find an operator's configuration: its system property, or a logback.xml on the
     * class path (an embedder's, once logback is the provider: {@link DefaultLogging}).
     */
    static boolean operatorConfiguredIn(ClassLoader loader) {
        // not FraisierLogback's: this runs before the backend is chosen, and must not load logback
        return System.getProperty(LOGBACK_CONFIGURATION_PROPERTY) != null || loader.getResource("logback.xml") != null;
    }

    /**
     * {@value #LOG_FORMAT_VARIABLE} as a format, or null when unset.
     *
     * @throws IllegalArgumentException naming the variable when it is neither text nor json
     */
    public static @Nullable Format formatFrom(Map<String, String> environment) {
        String value = environment.get(LOG_FORMAT_VARIABLE);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Format.valueOf(value.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    LOG_FORMAT_VARIABLE + "=" + value + " is not a log format: use text or json", e);
        }
    }

    public Format format() {
        return format;
    }

    /** {@code $FRAISIER_LOG_DIR}, else {@code /var/log/fraisier}. */
    public static Path logDirectory(Map<String, String> environment) {
        String dir = environment.get(LOG_DIR_VARIABLE);
        return dir == null || dir.isBlank() ? DEFAULT_LOG_DIRECTORY : Path.of(dir);
    }

    public Level level() {
        return level;
    }

    /**
     * Applies the setup to the bound backend: {@link ConsoleLogging}, or logback unless the operator
     * configured it.
     *
     * @return the log file written to, if any
     */
    public Optional<Path> apply() {
        return apply(LoggerFactory.getILoggerFactory());
    }

    /** {@link #apply()} to {@code factory}, the bound one. */
    Optional<Path> apply(ILoggerFactory factory) {
        if (factory instanceof ConsoleLoggerFactory console) {
            // -vv is for Fraisier's own debug lines: the pool's drown them; -vvv (trace) shows everything
            console.configure(
                    new ConsoleLoggerFactory.Settings(level, level == Level.DEBUG ? Level.INFO : null, scrubber));
            if (format != Format.text || logDirectory != null) {
                // only when -Dslf4j.provider forced it on a command chooseBackend gives logback
                console.getLogger(LoggingSetup.class.getName())
                        .warn(
                                "-D{}={}: logging text to stderr only, no JSON and no log file (they need logback)",
                                PROVIDER_PROPERTY,
                                System.getProperty(PROVIDER_PROPERTY));
            }
            return Optional.empty();
        }
        if (!LogbackSetup.isConfigurable(factory)) {
            return Optional.empty();
        }
        return LogbackSetup.apply(factory, level, logDirectory, format, scrubber);
    }

    static Level level(int verbosity, Map<String, String> environment) {
        Level chosen = switch (verbosity) {
            case 0 -> Level.WARN;
            case 1 -> Level.INFO;
            case 2 -> Level.DEBUG;
            default -> Level.TRACE;
        };
        for (String variable : new String[] {"FRAISIER_LOG", "RUST_LOG"}) {
            Level asked = mostVerboseIn(environment.get(variable));
            if (asked != null && asked.toInt() < chosen.toInt()) {
                chosen = asked;
            }
        }
        return chosen;
    }

    // RUST_LOG may be "debug" or a filter list like "fraisier=debug,info": take its most verbose level.
    private static @Nullable Level mostVerboseIn(@Nullable String value) {
        if (value == null) {
            return null;
        }
        Level best = null;
        for (String part : value.toLowerCase(Locale.ROOT).split("[,=\\s]+")) {
            Level l = switch (part) {
                case "trace" -> Level.TRACE;
                case "debug" -> Level.DEBUG;
                case "info" -> Level.INFO;
                case "warn", "warning" -> Level.WARN;
                case "error" -> Level.ERROR;
                default -> null;
            };
            if (l != null && (best == null || l.toInt() < best.toInt())) {
                best = l;
            }
        }
        return best;
    }

    static Optional<Path> usableDirectory(@Nullable Path directory) {
        if (directory == null) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException | SecurityException e) {
            return Optional.empty();
        }
        return Files.isWritable(directory) ? Optional.of(directory) : Optional.empty();
    }
}
