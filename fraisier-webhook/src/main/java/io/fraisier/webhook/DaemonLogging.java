package io.fraisier.webhook;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.fraisier.core.config.Scrubber;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.logging.FraisierLogback;
import io.fraisier.logging.QuietLoggers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The daemon's logging, set in code ({@link FraisierLogback}, shared with the CLI): info on stdout
 * (systemd's journal adds time and unit; with {@code -v} debug), Jetty and Javalin at warn, as text or one
 * JSON object per line, and with {@code --log-file} (or {@code FRAISIER_LOG_FILE}) also a file rotated at
 * 10 MB ({@code <name>.<date>.<n>.gz}, 30 days, 1 GB at most); every line, stdout and file, scrubbed of
 * secrets. An operator's logback configuration ({@code -Dlogback.configurationFile=…} or a
 * {@code logback.xml} on the class path) wins: then this class leaves logback alone, and what the
 * operator's appenders write is not scrubbed.
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
     * @param scrubber asked at every line written (the daemon's, which learns the config's secrets once it
     *     is loaded)
     * @throws FraisierException {@code USAGE} naming the file when the log file cannot be written
     */
    static void apply(Format format, boolean debug, @Nullable Path file, UnaryOperator<String> scrubber) {
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
        stdout(debug)
                .file(file, PATTERN)
                .writing(format == Format.json, scrubber)
                .reconfigure(context);
    }

    private static FraisierLogback stdout(boolean debug) {
        Map<String, Level> loggers = new HashMap<>(Map.of("org.eclipse.jetty", Level.WARN, "io.javalin", Level.WARN));
        if (debug) {
            // -v is for Fraisier's debug lines: the pool's and the JDK's own (System.Logger, such as
            // java.net.http's) would drown them
            for (String quiet : QuietLoggers.AT_DEBUG) {
                loggers.put(quiet, Level.INFO);
            }
        }
        return FraisierLogback.console(FraisierLogback.Target.STDOUT, PATTERN, null)
                .levels(debug ? Level.DEBUG : Level.INFO, loggers);
    }

    /**
     * Logback's first configurator (ServiceLoader): without an operator's configuration, info on stdout
     * set in code, scrubbed of the environment's secrets, and logback neither scans for XML files nor loads
     * Joran. With one (or a test's {@code logback-test.xml}), logback's own configurators run.
     */
    public static final class Defaults extends ContextAwareBase implements Configurator {
        static volatile boolean operatorConfigured;

        @Override
        public ExecutionStatus configure(LoggerContext context) {
            ClassLoader loader = Defaults.class.getClassLoader();
            operatorConfigured = FraisierLogback.operatorConfigured(loader);
            if (operatorConfigured || loader.getResource("logback-test.xml") != null) {
                return ExecutionStatus.INVOKE_NEXT_IF_ANY;
            }
            stdout(false)
                    .writing(false, Scrubber.of(null, System.getenv())::scrub)
                    .configure(context);
            return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
        }
    }
}
