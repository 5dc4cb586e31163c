package io.fraisier.webhook;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.Scrubber;
import io.fraisier.core.configfile.ConfigLoader;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.providers.shell.LocalHookRunner;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code fraisier-webhook [-c FILE] [--log-format text|json] [--log-file FILE]}: loads {@code fraises.yaml}
 * (same lookup as the CLI), opens the store, recovers deployments whose process died, starts the receiver
 * and the workers, and runs until the process is told to stop (systemd's SIGTERM), then drains and exits.
 *
 * <p>Errors and exit statuses are the CLI's: {@code error:} and {@code hint:} lines on stderr; 2 usage
 * (with {@code Try 'fraisier-webhook --help'.}), 3 configuration, 5 database unreachable, 1 anything else.
 */
@Command(
        name = "fraisier-webhook",
        sortOptions = false,
        versionProvider = WebhookMain.Version.class,
        description = {
            "Receives git push webhooks and deploys what branch_mapping says, one deployment per target at a time.",
            "Listens on webhook.address:webhook.port: POST /webhook, GET /health, GET /metrics."
        })
public final class WebhookMain implements Callable<Integer> {
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final PrintStream out;
    private final PrintStream err;
    /** What log lines are scrubbed with: the environment's secrets, and the config's once it is loaded. */
    private volatile Scrubber scrubber;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "The fraises.yaml to use. Default: $FRAISIER_CONFIG, then /opt/fraisier/fraises.yaml,"
                    + " then fraises.yaml or config/fraises.yaml in the current folder.")
    @Nullable
    Path config;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            description = "Log lines as text (default) or json (one object per line);"
                    + " default: $FRAISIER_LOG_FORMAT, else text.")
    DaemonLogging.@Nullable Format logFormat;

    @Option(
            names = "--log-file",
            paramLabel = "FILE",
            description = "Also log to FILE, rotated at 10 MB (30 days, 1 GB at most). Default: $FRAISIER_LOG_FILE;"
                    + " unset: stdout only (the journal under systemd).")
    @Nullable
    Path logFile;

    @Option(
            names = {"-v", "--verbose"},
            description = "Debug logs.")
    boolean verbose;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;

    WebhookMain(Map<String, String> environment, Path workingDirectory, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
        this.out = out;
        this.err = err;
        this.scrubber = Scrubber.of(null, environment);
    }

    public static void main(String[] args) {
        WebhookMain main = new WebhookMain(System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err);
        int status = main.run(args);
        // after a normal stop the JVM is already shutting down: exit() would wait on the hooks forever
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the daemon until the JVM shuts down; returns early with an exit status when it cannot start. */
    int run(String[] args) {
        CommandLine cli = new CommandLine(this);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(this::usageError);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof FraisierException fe) {
                return fail(fe);
            }
            String detail = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
            err.println("error: internal error: " + detail);
            ex.printStackTrace(err);
            return ErrorCode.INTERNAL.exitCode();
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        DaemonLogging.apply(
                logFormat(),
                verbose,
                logFile != null ? logFile : fromEnvironment(DaemonLogging.LOG_FILE_VARIABLE),
                text -> scrubber.scrub(text));
        FraisierConfig loaded = new ConfigLoader(environment, workingDirectory).load(config);
        // from here on, log lines mask the config's secrets too
        scrubber = Scrubber.of(loaded, environment);
        // hooks run on this host and start from the basics of the daemon's environment, never all of it
        Fraisier fraisier = Fraisier.builder()
                .config(loaded)
                .environment(environment)
                .hookRunner(new LocalHookRunner(environment))
                .build();
        WebhookDaemon daemon = new WebhookDaemon(fraisier, Clock.systemUTC(), WebhookDaemon.DEFAULT_DRAIN);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                daemon.stop();
                            } finally {
                                fraisier.close();
                                stopped.countDown();
                            }
                        },
                        "fraisier-webhook-stop"));
        try {
            daemon.start();
        } catch (FraisierException e) {
            throw e;
        } catch (RuntimeException e) {
            // Javalin reports a port in use (or an address not on this host) as its own exception
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Cannot listen on " + loaded.webhook().address() + ":"
                            + loaded.webhook().port() + ": " + e.getMessage(),
                    "Is another fraisier-webhook running? Change webhook.address or webhook.port.",
                    e);
        }
        stopped.await();
        return 0;
    }

    private DaemonLogging.Format logFormat() {
        if (logFormat != null) {
            return logFormat;
        }
        String value = environment.get(DaemonLogging.LOG_FORMAT_VARIABLE);
        if (value == null || value.isBlank()) {
            return DaemonLogging.Format.text;
        }
        try {
            return DaemonLogging.Format.valueOf(value.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    DaemonLogging.LOG_FORMAT_VARIABLE + "=" + value + " is not a log format",
                    "Set it to text or json, or unset it.");
        }
    }

    private @Nullable Path fromEnvironment(String variable) {
        String value = environment.get(variable);
        return value == null || value.isBlank() ? null : workingDirectory.resolve(value.strip());
    }

    private int usageError(ParameterException ex, String[] args) {
        String message = ex.getMessage() == null
                ? "invalid command line"
                : ex.getMessage().lines().findFirst().orElse("");
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += " (did you mean " + String.join(" or ", suggestions) + "?)";
            }
        }
        err.println("error: " + message);
        err.println("Try 'fraisier-webhook --help'.");
        return ErrorCode.USAGE.exitCode();
    }

    private int fail(FraisierException e) {
        err.println("error: " + e.getMessage());
        if (e.hint() != null) {
            err.println("hint: " + e.hint());
        }
        return e.code().exitCode();
    }

    /** {@code fraisier-webhook 0.1.0}, from the jar's Maven properties. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = WebhookMain.class.getResourceAsStream(
                    "/META-INF/maven/io.fraisier/fraisier-webhook/pom.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (java.io.IOException e) {
                // the version stays unknown
            }
            return new String[] {
                "fraisier-webhook " + p.getProperty("version", "(version unknown: not run from the jar)"),
                "java: " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
