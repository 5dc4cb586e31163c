package io.fraisier.logging;

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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The logback set-up of the {@code fraisier} command and of the webhook daemon, written once: a console
 * appender, optionally a file rotated at {@value #MAX_FILE_SIZE} ({@code <name>.<date>.<n>.log.gz},
 * {@value #MAX_HISTORY_DAYS} days, {@value #TOTAL_SIZE_CAP} at most), each line as a pattern or as one JSON
 * object (logback's {@code JsonEncoder}: the event, not logback's bookkeeping), and every line, console and
 * file, passed through the scrubber before it is written ({@link ScrubbingEncoder}).
 *
 * <p>What differs between the two apps (stream, patterns, levels) is said by the caller:
 *
 * <pre>{@code
 * FraisierLogback.console(Target.STDOUT, PATTERN, null)
 *         .levels(Level.INFO, Map.of("org.eclipse.jetty", Level.WARN))
 *         .file(path, PATTERN)
 *         .writing(json, text -> scrubber.scrub(text))
 *         .reconfigure(context);
 * }</pre>
 *
 * <p>An operator's own logback configuration ({@link #operatorConfigured}) is not Fraisier's to touch: the
 * apps then call nothing here, and what the operator's appenders write is not scrubbed.
 *
 * <p>A builder: not thread-safe; call from {@code main} (or logback's configurator) before other threads log.
 */
public final class FraisierLogback {
    /** Rotation: a file is rolled when it reaches this size, */
    public static final String MAX_FILE_SIZE = "10MB";

    /** kept this many days, */
    public static final int MAX_HISTORY_DAYS = 30;

    /** and all rolled files together at most this. */
    public static final String TOTAL_SIZE_CAP = "1GB";

    /** Where console lines go. */
    public enum Target {
        STDOUT("System.out"),
        STDERR("System.err");

        private final String logbackName;

        Target(String logbackName) {
            this.logbackName = logbackName;
        }
    }

    private final Target target;
    private final String consolePattern;
    private @Nullable Level threshold;
    private Level root = Level.INFO;
    private final Map<String, Level> levels = new LinkedHashMap<>();
    private @Nullable Path file;
    private String filePattern = "";
    private boolean json;
    private UnaryOperator<String> scrubber = UnaryOperator.identity();

    private FraisierLogback(Target target, String consolePattern) {
        this.target = Objects.requireNonNull(target, "target");
        this.consolePattern = Objects.requireNonNull(consolePattern, "consolePattern");
    }

    /**
     * Lines to {@code target}, as {@code pattern} unless {@link #json}, from {@code threshold} up (null: all
     * the loggers let through; the file may get more); the root logger at info.
     */
    public static FraisierLogback console(Target target, String pattern, @Nullable Level threshold) {
        FraisierLogback logback = new FraisierLogback(target, pattern);
        logback.threshold = threshold;
        return logback;
    }

    /** The root logger's level, and some loggers' own (the others follow the root). */
    public FraisierLogback levels(Level rootLevel, Map<String, Level> loggers) {
        this.root = Objects.requireNonNull(rootLevel, "rootLevel");
        levels.putAll(loggers);
        return this;
    }

    /** Also write to {@code path} (null: no file), rolled beside it, as {@code pattern} unless {@link #json}. */
    public FraisierLogback file(@Nullable Path path, String pattern) {
        this.file = path == null ? null : path.toAbsolutePath();
        this.filePattern = Objects.requireNonNull(pattern, "pattern");
        return this;
    }

    /**
     * One JSON object per line instead of the patterns ({@code json}), every line passing through
     * {@code scrubber} first; the scrubber is asked at each event, so one that learns secrets later masks
     * them from then on.
     */
    public FraisierLogback writing(boolean json, UnaryOperator<String> scrubber) {
        this.json = json;
        this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
        return this;
    }

    /** Replaces whatever {@code context} was set up with (its appenders are stopped, the file flushed). */
    public void reconfigure(LoggerContext context) {
        context.reset();
        configure(context);
    }

    /** Adds the set-up to {@code context} as it is: for logback's first configurator, which must not reset. */
    public void configure(LoggerContext context) {
        Logger rootLogger = context.getLogger(Logger.ROOT_LOGGER_NAME);
        rootLogger.setLevel(root);
        levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
        rootLogger.addAppender(consoleAppender(context));
        if (file != null) {
            rootLogger.addAppender(fileAppender(context, file));
        }
    }

    /** Whether logback finds an operator's configuration: its system property, or a logback.xml. */
    public static boolean operatorConfigured(ClassLoader loader) {
        return System.getProperty("logback.configurationFile") != null || loader.getResource("logback.xml") != null;
    }

    /** The rolled files' names: {@code fraisier.log} rolls to {@code fraisier.2026-12-07.0.log.gz}. */
    static String rolledPattern(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.log$", "");
        return file.resolveSibling(name + ".%d{yyyy-MM-dd}.%i.log.gz").toString();
    }

    private ConsoleAppender<ILoggingEvent> consoleAppender(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(target.name().toLowerCase(java.util.Locale.ROOT));
        console.setTarget(target.logbackName);
        console.setEncoder(encoder(context, consolePattern));
        if (threshold != null) {
            ThresholdFilter filter = new ThresholdFilter();
            filter.setLevel(threshold.toString());
            filter.start();
            console.addFilter(filter);
        }
        console.start();
        return console;
    }

    private RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext context, Path path) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(path.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(rolledPattern(path));
        policy.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
        policy.setMaxHistory(MAX_HISTORY_DAYS);
        policy.setTotalSizeCap(FileSize.valueOf(TOTAL_SIZE_CAP));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context, filePattern));
        appender.start();
        return appender;
    }

    private Encoder<ILoggingEvent> encoder(LoggerContext context, String pattern) {
        Encoder<ILoggingEvent> encoder;
        Charset charset;
        if (json) {
            JsonEncoder jsonEncoder = new JsonEncoder();
            jsonEncoder.setContext(context);
            // the event, not logback's bookkeeping: no context block, no per-event sequence or nanoseconds
            jsonEncoder.setWithContext(false);
            jsonEncoder.setWithSequenceNumber(false);
            jsonEncoder.setWithNanoseconds(false);
            jsonEncoder.setWithArguments(false);
            jsonEncoder.setWithMessage(false);
            jsonEncoder.setWithFormattedMessage(true);
            encoder = jsonEncoder;
            charset = StandardCharsets.UTF_8;
        } else {
            PatternLayoutEncoder patternEncoder = new PatternLayoutEncoder();
            patternEncoder.setContext(context);
            patternEncoder.setPattern(pattern);
            encoder = patternEncoder;
            // what a pattern encoder without a charset writes in (String.getBytes())
            charset = Charset.defaultCharset();
        }
        ScrubbingEncoder<ILoggingEvent> scrubbing = new ScrubbingEncoder<>(encoder, charset, scrubber);
        scrubbing.setContext(context);
        scrubbing.start();
        return scrubbing;
    }
}
