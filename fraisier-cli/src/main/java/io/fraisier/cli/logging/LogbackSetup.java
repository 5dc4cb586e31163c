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
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;

/**
 * {@link LoggingSetup} applied to logback: a stderr appender, and the rotated file when asked. Only this
 * class (and {@link DefaultLogging}) names logback's types, so that a command logging through
 * {@link ConsoleLogging} never loads them.
 */
final class LogbackSetup {
    static final String FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level [%thread] %logger{36} - %msg%n";
    static final String MAX_FILE_SIZE = "10MB";
    static final int MAX_HISTORY_DAYS = 30;
    static final String TOTAL_SIZE_CAP = "1GB";

    private LogbackSetup() {}

    /** Whether {@code factory} is logback's and the operator left it to Fraisier. */
    static boolean isConfigurable(ILoggerFactory factory) {
        return factory instanceof LoggerContext && !DefaultLogging.operatorConfigured();
    }

    /**
     * @param factory logback's ({@link #isConfigurable})
     * @return the log file written to, if any
     */
    static Optional<Path> apply(
            ILoggerFactory factory,
            org.slf4j.event.Level wanted,
            @Nullable Path logDirectory,
            LoggingSetup.Format format) {
        LoggerContext context = (LoggerContext) factory;
        Level level = Level.convertAnSLF4JLevel(wanted);
        context.reset();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        // -vv is for Fraisier's own debug lines: the pool's (a line per connection, pool stats every 30 s)
        // drown them; -vvv (trace) shows everything
        context.getLogger(LoggingSetup.POOL_LOGGER).setLevel(level == Level.DEBUG ? Level.INFO : null);
        root.addAppender(console(context, level, format));
        Optional<Path> file = LoggingSetup.usableDirectory(logDirectory).map(dir -> dir.resolve("fraisier.log"));
        file.ifPresent(f -> {
            root.addAppender(rollingFile(context, f, format));
            // the file keeps info even when the terminal shows warnings only
            if (level.levelInt > Level.INFO.levelInt) {
                root.setLevel(Level.INFO);
            }
        });
        return file;
    }

    /** Only the stderr appender at warnings, on a context logback is still initialising (no reset, no file). */
    static void consoleOnly(LoggerContext context) {
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(console(context, Level.WARN, LoggingSetup.Format.text));
    }

    private static ConsoleAppender<ILoggingEvent> console(
            LoggerContext context, Level level, LoggingSetup.Format format) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder(context, format, LoggingSetup.CONSOLE_PATTERN));
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel(level.toString());
        threshold.start();
        console.addFilter(threshold);
        console.start();
        return console;
    }

    private static RollingFileAppender<ILoggingEvent> rollingFile(
            LoggerContext context, Path file, LoggingSetup.Format format) {
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

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LoggingSetup.Format format, String pattern) {
        if (format == LoggingSetup.Format.json) {
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
