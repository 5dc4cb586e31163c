package io.fraisier.cli.command;

import io.fraisier.cli.logging.LoggingSetup;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.metrics.AvailabilityProbe;
import io.fraisier.metrics.HostSelfTestProbe;
import io.fraisier.metrics.MetricsExporter;
import io.fraisier.metrics.MetricsSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fraisier metrics}: the Prometheus exporter, until stopped (Ctrl-C, SIGTERM). Deployment metrics
 * come from the database, so deployments of every process count; provider availability from each
 * configured environment's provider self-test, run for each host of a fleet separately (also giving
 * {@code fraisier_host_availability}). Also logs to {@code fraisier.log} in
 * {@code $FRAISIER_LOG_DIR} (default {@code /var/log/fraisier}) when it may.
 */
@Command(
        name = "metrics",
        description = "Serve Prometheus metrics of every deployment recorded in the database (GET /metrics)"
                + " until stopped.")
public final class MetricsCommand extends FraisierSubcommand {
    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port to listen on (default: metrics.port of fraises.yaml, else 8001).")
    Integer port;

    @Option(
            names = "--address",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: metrics.address, else localhost; 0.0.0.0 for all).")
    String address;

    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile @Nullable MetricsExporter running;
    private volatile @Nullable URI url;

    @Override
    public Integer call() {
        if (port != null && (port < 0 || port > 65535)) {
            throw usage("--port must be a port number from 1 to 65535 (0: any free port), was " + port);
        }
        Optional<java.nio.file.Path> logFile = root().logging()
                .withLogFileIn(LoggingSetup.logDirectory(root().environment()))
                .apply();
        FraisierConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        try (Fraisier fraisier = root().openFraisier(config)) {
            MetricsExporter.Builder builder = MetricsExporter.builder(
                            fraisier::metricSnapshot, fraisier.storeDescription(), config.metrics())
                    .enabled(MetricsSettings.enabled(config.metrics(), root().environment()))
                    .targets(config.environments())
                    .freezes(fraisier::freezes)
                    .probes(config.environments().stream()
                            .map(env -> (AvailabilityProbe) new HostSelfTestProbe(env, fraisier::providerTestByHost))
                            .toList());
            if (port != null) {
                builder.port(port);
            }
            if (address != null) {
                builder.address(address);
            }
            try (MetricsExporter exporter = builder.build()) {
                URI url = exporter.start();
                Thread stopper = new Thread(exporter::close, "fraisier-metrics-stop");
                Runtime.getRuntime().addShutdownHook(stopper);
                err.println("Serving metrics on " + url + " from "
                        + fraisier.storeDescription()
                        + logFile.map(f -> "; logging to " + f).orElse("") + ". Ctrl-C stops.");
                if (!exporter.enabled()) {
                    err.println(MetricsSettings.disabledExplanation());
                }
                err.flush();
                this.url = url;
                running = exporter;
                listening.countDown();
                try {
                    exporter.awaitStop();
                } catch (InterruptedException e) {
                    // Ctrl-C or SIGTERM: stopping is this command's normal end, and the store must still close
                }
                err.println("Stopped serving metrics.");
                err.flush();
                removeHook(stopper);
            }
        }
        return 0;
    }

    /** Waits until the exporter listens (for embedders and tests driving the command in-process). */
    public boolean awaitListening(long millis) throws InterruptedException {
        return listening.await(millis, TimeUnit.MILLISECONDS);
    }

    /** The metrics URL once listening, else null. */
    public @Nullable URI url() {
        return url;
    }

    /** The running exporter (close it to stop the command), else null. */
    public @Nullable MetricsExporter running() {
        return running;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is what stopped us
        }
    }
}
