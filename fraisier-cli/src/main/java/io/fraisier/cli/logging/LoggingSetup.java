package io.fraisier.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Configures logback in code, once per process, before a command runs (no {@code logback.xml} to lose
 * or override).
 *
 * <ul>
 *   <li>stderr gets warnings and errors only by default; {@code -v} adds info, {@code -vv} debug;
 *       {@code FRAISIER_LOG=<level>} or {@code RUST_LOG=debug} (the guide tells operators to use the
 *       latter) raise it too — the most verbose request wins; at debug the connection pool
 *       ({@code com.zaxxer.hikari}) stays at info, trace shows it too;
 *   <li>long-running commands ({@code metrics}, the daemon) also write {@code fraisier.log} in the log
 *       folder ({@code $FRAISIER_LOG_DIR}, default {@code /var/log/fraisier}) when it is writable, rotated by size (10 MB, gzipped, 30 days, 1 GB at most).
 * </ul>
 *
 * <p>{@code --log-format json} (or {@code FRAISIER_LOG_FORMAT=json}) writes one JSON object per line,
 * on stderr and in the file (logback's {@code JsonEncoder}). A logback configuration of the operator's
 * ({@code -Dlogback.configurationFile=…} in {@code FRAISIER_JAVA_OPTS}, or a {@code logback.xml} on the
 * class path) wins: then nothing here touches logback ({@link DefaultLogging}).
 *
 * <p>Not thread-safe: call from {@code main} before starting other threads.
 */
public final class LoggingSetup {
    /** Where long-running commands log, when they may. */
    public static final Path DEFAULT_LOG_DIRECTORY = Path.of("/var/log/fraisier");

    /** Overrides {@link #DEFAULT_LOG_DIRECTORY}. */
    public static final String LOG_DIR_VARIABLE = "FRAISIER_LOG_DIR";

    /** HikariCP, the connection pool: kept at info under {@code -vv}. */
    static final String POOL_LOGGER = "com.zaxxer.hikari";

    static final String CONSOLE_PATTERN = "%level %logger{0}: %msg%n";
    static final String FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level [%thread] %logger{36} - %msg%n";
    static final String MAX_FILE_SIZE = "10MB";
    static final int MAX_HISTORY_DAYS = 30;
    static final String TOTAL_SIZE_CAP = "1GB";

    /** Overrides the default {@code --log-format}. */
    public static final String LOG_FORMAT_VARIABLE = "FRAISIER_LOG_FORMAT";

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

    private LoggingSetup(Level level, @Nullable Path logDirectory, Format format) {
        this.level = level;
        this.logDirectory = logDirectory;
        this.format = format;
    }

    /** Console logging at the level asked for by {@code -v} count and the environment, as text. */
    public static LoggingSetup forCommand(int verbosity, Map<String, String> environment) {
        return new LoggingSetup(level(verbosity, environment), null, Format.text);
    }

    /** Also log to {@code fraisier.log} in {@code directory} when it is (or can be made) writable. */
    public LoggingSetup withLogFileIn(Path directory) {
        return new LoggingSetup(level, directory, format);
    }

    /** Lines written as {@code format}. */
    public LoggingSetup withFormat(Format value) {
        return new LoggingSetup(level, logDirectory, value);
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
     * Applies the setup to logback.
     *
     * @return the log file written to, if any
     */
    public Optional<Path> apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
                || DefaultLogging.operatorConfigured()) {
            return Optional.empty();
        }
        context.reset();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        // -vv is for Fraisier's own debug lines: the pool's (a line per connection, pool stats every 30 s)
        // drown them; -vvv (trace) shows everything
        context.getLogger(POOL_LOGGER).setLevel(level == Level.DEBUG ? Level.INFO : null);
        root.addAppender(console(context));
        Optional<Path> file = usableDirectory(logDirectory).map(dir -> dir.resolve("fraisier.log"));
        file.ifPresent(f -> {
            root.addAppender(rollingFile(context, f, format));
            // the file keeps info even when the terminal shows warnings only
            if (level.levelInt > Level.INFO.levelInt) {
                root.setLevel(Level.INFO);
            }
        });
        return file;
    }

    /** Only the stderr appender, on a context logback is still initialising (no reset, no file). */
    void consoleOnly(LoggerContext context) {
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(console(context));
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
            if (asked != null && asked.levelInt < chosen.levelInt) {
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
            if (l != null && (best == null || l.levelInt < best.levelInt)) {
                best = l;
            }
        }
        return best;
    }

    private static Optional<Path> usableDirectory(@Nullable Path directory) {
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

    private ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder(context, format, CONSOLE_PATTERN));
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel(level.toString());
        threshold.start();
        console.addFilter(threshold);
        console.start();
        return console;
    }

    private static RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext context, Path file, Format format) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(file.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(
                file.getParent().resolve("fraisier.%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
        policy.setMaxHistory(MAX_HISTORY_DAYS);
        policy.setTotalSizeCap(FileSize.valueOf(TOTAL_SIZE_CAP));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context, format, FILE_PATTERN));
        appender.start();
        return appender;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format, String pattern) {
        if (format == Format.json) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            // the event, not logback's bookkeeping: no context block, no per-event sequence or nanoseconds
            json.setWithContext(false);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithArguments(false);
            json.setWithMessage(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
