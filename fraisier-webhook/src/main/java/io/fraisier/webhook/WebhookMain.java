package io.fraisier.webhook;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.configfile.ConfigLoader;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.providers.shell.LocalHookRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * {@code fraisier-webhook [-c FILE]}: loads {@code fraises.yaml} (same lookup as the CLI), opens the
 * store, recovers deployments whose process died, starts the receiver and the workers, and runs until
 * the process is told to stop (systemd's SIGTERM), then drains and exits.
 *
 * <p>Exit statuses are the CLI's: 2 usage, 3 configuration, 5 database unreachable, 1 anything else.
 */
public final class WebhookMain {
    static final String USAGE = """
            Usage: fraisier-webhook [-c FILE]
              -c, --config FILE   fraises.yaml to use (default: $FRAISIER_CONFIG, /opt/fraisier/fraises.yaml,
                                  ./fraises.yaml, ./config/fraises.yaml)
              -h, --help          show this help
            Listens on webhook.address:webhook.port; POST /webhook, GET /health, GET /metrics.""";

    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final PrintStream out;
    private final PrintStream err;

    WebhookMain(Map<String, String> environment, Path workingDirectory, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
        this.out = out;
        this.err = err;
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
        Path explicit;
        try {
            explicit = configPath(args);
        } catch (HelpRequested e) {
            out.println(USAGE);
            return 0;
        } catch (FraisierException e) {
            return fail(e);
        }
        try {
            FraisierConfig config = new ConfigLoader(environment, workingDirectory).load(explicit);
            // hooks run on this host and start from the basics of the daemon's environment, never all of it
            Fraisier fraisier = Fraisier.builder()
                    .config(config)
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
                        "Cannot listen on " + config.webhook().address() + ":"
                                + config.webhook().port() + ": " + e.getMessage(),
                        "Is another fraisier-webhook running? Change webhook.address or webhook.port.",
                        e);
            }
            stopped.await();
            return 0;
        } catch (FraisierException e) {
            return fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ErrorCode.INTERRUPTED.exitCode();
        }
    }

    private int fail(FraisierException e) {
        err.println("error: " + e.getMessage());
        if (e.hint() != null) {
            err.println("hint: " + e.hint());
        }
        return e.code().exitCode();
    }

    private static @Nullable Path configPath(String[] args) {
        Path path = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> throw new HelpRequested();
                case "-c", "--config" -> {
                    if (i + 1 >= args.length) {
                        throw new FraisierException(ErrorCode.USAGE, args[i] + " needs a file", USAGE);
                    }
                    path = Path.of(args[++i]);
                }
                default -> {
                    if (args[i].startsWith("--config=")) {
                        path = Path.of(args[i].substring("--config=".length()));
                    } else {
                        throw new FraisierException(ErrorCode.USAGE, "Unknown argument '" + args[i] + "'", USAGE);
                    }
                }
            }
        }
        return path;
    }

    private static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
