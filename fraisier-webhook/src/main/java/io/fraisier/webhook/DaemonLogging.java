package io.fraisier.webhook;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The daemon's logging, set in code: info on stdout (systemd's journal adds time and unit; with {@code -v}
 * debug), Jetty and Javalin at warn, as text or one JSON object per line, and with {@code --log-file} (or
 * {@code FRAISIER_LOG_FILE}) also a file rotated at 10 MB ({@code <name>.<date>.<n>.gz}, 30 days, 1 GB at
 * most). An operator's logback configuration ({@code -Dlogback.configurationFile=…} or a
 * {@code logback.xml} on the class path) wins: then this class leaves logback alone.
 */
final class DaemonLogging {
    /** The file the daemon also logs to, when set and no {@code --log-file} is given. */
    static final String LOG_FILE_VARIABLE = "FRAISIER_LOG_FILE";

    /** Overrides the default {@code --log-format}. */
    static final String LOG_FORMAT_VARIABLE = "FRAISIER_LOG_FORMAT";

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0} %msg%n";

    /** How lines are written. */
    enum Format {
        text,
        json
    }

    private DaemonLogging() {}

    /**
     * Applies the daemon's logging.
     *
     * @throws FraisierException {@code USAGE} naming the file when the log file cannot be written
     */
    static void apply(Format format, boolean debug, @Nullable Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context) || Defaults.operatorConfigured) {
            return;
        }
        if (file != null) {
            try {
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                if (Files.isDirectory(file) || (Files.exists(file) && !Files.isWritable(file))) {
                    throw new IOException("not a writable file");
                }
            } catch (IOException | SecurityException e) {
                throw new FraisierException(
                        ErrorCode.USAGE,
                        "Cannot write the log file " + file + ": " + e.getMessage(),
                        "Give --log-file (or " + LOG_FILE_VARIABLE + ") a file the service user may write,"
                                + " or leave it unset to log to stdout (the journal under systemd).",
                        e);
            }
        }
        context.reset();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(debug ? Level.DEBUG : Level.INFO);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger("io.javalin").setLevel(Level.WARN);
        context.getLogger("com.zaxxer.hikari").setLevel(debug ? Level.INFO : null);
        root.addAppender(stdout(context, format));
        if (file != null) {
            root.addAppender(rollingFile(context, file.toAbsolutePath(), format));
        }
    }

    private static ConsoleAppender<ILoggingEvent> stdout(LoggerContext context, Format format) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stdout");
        console.setEncoder(encoder(context, format));
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
        String name = file.getFileName().toString().replaceFirst("\\.log$", "");
        policy.setFileNamePattern(
                file.resolveSibling(name + ".%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf("10MB"));
        policy.setMaxHistory(30);
        policy.setTotalSizeCap(FileSize.valueOf("1GB"));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context, format));
        appender.start();
        return appender;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
        if (format == Format.json) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
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
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    /**
     * Logback's first configurator (ServiceLoader): without an operator's configuration, info on stdout
     * set in code, and logback neither scans for XML files nor loads Joran. With one (or a test's
     * {@code logback-test.xml}), logback's own configurators run.
     */
    public static final class Defaults extends ContextAwareBase implements Configurator {
        static volatile boolean operatorConfigured;

        @Override
        public ExecutionStatus configure(LoggerContext context) {
            ClassLoader loader = Defaults.class.getClassLoader();
            operatorConfigured = System.getProperty("logback.configurationFile") != null
                    || loader.getResource("logback.xml") != null;
            if (operatorConfigured || loader.getResource("logback-test.xml") != null) {
                return ExecutionStatus.INVOKE_NEXT_IF_ANY;
            }
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.INFO);
            context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
            context.getLogger("io.javalin").setLevel(Level.WARN);
            root.addAppender(stdout(context, Format.text));
            return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
        }
    }
}
