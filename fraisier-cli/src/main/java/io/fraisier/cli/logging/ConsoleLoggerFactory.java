package io.fraisier.cli.logging;

import io.fraisier.logging.QuietLoggers;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The loggers of {@link ConsoleLogging}: a threshold per logger name (the root's, or the own one of the
 * loggers kept quiet at debug), each event written to the stream as one {@code LEVEL Logger: message} line, followed by the stack
 * trace of its throwable as logback prints it, scrubbed as a whole and written with one call, so lines of
 * concurrent threads never mix. Thread-safe.
 */
final class ConsoleLoggerFactory implements ILoggerFactory {
    /** A trace's "... n more", which logback words "... n common frames omitted". */
    private static final Pattern MORE = Pattern.compile("(?m)^(\\t+)\\.\\.\\. (\\d+) more$");

    /** Until {@link LoggingSetup#apply()}: warnings and errors, unscrubbed (no secret is known yet). */
    static final Settings DEFAULT = new Settings(Level.WARN, null, UnaryOperator.identity());

    /**
     * What {@link LoggingSetup} decides.
     *
     * @param quiet the own level of the loggers {@link QuietLoggers} names (the connection
     *     pool's, the JDK's), or null for the root's
     * @param scrubber applied to each event's whole text before it is written
     */
    record Settings(Level root, @Nullable Level quiet, UnaryOperator<String> scrubber) {
        int threshold(String name) {
            return (quiet != null && QuietLoggers.contains(name) ? quiet : root).toInt();
        }
    }

    private final ConcurrentMap<String, ConsoleLogger> loggers = new ConcurrentHashMap<>();
    private final Supplier<PrintStream> stream;
    private volatile Settings settings = DEFAULT;

    /** @param stream asked for each event (stderr is looked up each time, as logback does) */
    ConsoleLoggerFactory(Supplier<PrintStream> stream) {
        this.stream = stream;
    }

    static PrintStream stderr() {
        return System.err;
    }

    @Override
    public Logger getLogger(String name) {
        ConsoleLogger logger = loggers.get(name);
        if (logger != null) {
            return logger;
        }
        synchronized (this) { // not while configure() updates the thresholds of the existing loggers
            return loggers.computeIfAbsent(name, n -> new ConsoleLogger(n, this, settings.threshold(n)));
        }
    }

    synchronized void configure(Settings value) {
        settings = value;
        for (ConsoleLogger logger : loggers.values()) {
            logger.threshold = value.threshold(logger.getName());
        }
    }

    Settings settings() {
        return settings;
    }

    void write(
            Level level,
            String name,
            @Nullable String pattern,
            Object @Nullable [] arguments,
            @Nullable Throwable throwable) {
        Object[] args = arguments;
        Throwable thrown = throwable;
        if (thrown == null) {
            // logback takes a trailing throwable as the event's, also with a placeholder left for it
            thrown = MessageFormatter.getThrowableCandidate(args);
            if (thrown != null) {
                args = MessageFormatter.trimmedCopy(args);
            }
        }
        String message = args == null ? pattern : MessageFormatter.basicArrayFormat(pattern, args);
        StringBuilder text = new StringBuilder(80)
                .append(level)
                .append(' ')
                .append(name, name.lastIndexOf('.') + 1, name.length())
                .append(": ")
                .append(message)
                .append(System.lineSeparator());
        if (thrown != null) {
            text.append(stackTrace(thrown));
        }
        byte[] bytes = settings.scrubber().apply(text.toString()).getBytes(Charset.defaultCharset());
        PrintStream out = stream.get();
        out.write(bytes, 0, bytes.length); // one synchronised call: the event is never split
        out.flush();
    }

    static String stackTrace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        try (PrintWriter printer = new PrintWriter(trace)) {
            thrown.printStackTrace(printer);
        }
        return MORE.matcher(trace.toString()).replaceAll("$1... $2 common frames omitted");
    }

    /** A logger of this factory: its threshold is set by {@link #configure}. */
    static final class ConsoleLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        private final transient ConsoleLoggerFactory factory;
        volatile int threshold;

        ConsoleLogger(String name, ConsoleLoggerFactory factory, int threshold) {
            this.name = name;
            this.factory = factory;
            this.threshold = threshold;
        }

        @Override
        public boolean isTraceEnabled() {
            return threshold <= Level.TRACE.toInt();
        }

        @Override
        public boolean isDebugEnabled() {
            return threshold <= Level.DEBUG.toInt();
        }

        @Override
        public boolean isInfoEnabled() {
            return threshold <= Level.INFO.toInt();
        }

        @Override
        public boolean isWarnEnabled() {
            return threshold <= Level.WARN.toInt();
        }

        @Override
        public boolean isErrorEnabled() {
            return threshold <= Level.ERROR.toInt();
        }

        @Override
        protected @Nullable String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level,
                @Nullable Marker marker,
                String messagePattern,
                Object @Nullable [] arguments,
                @Nullable Throwable throwable) {
            factory.write(level, name, messagePattern, arguments, throwable);
        }
    }
}
