package io.fraisier.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fraisier metrics}: the Prometheus exporter. */
@Command(
        name = "metrics",
        description = "Serve Prometheus metrics of every deployment recorded in the database (GET /metrics).")
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

    @Override
    public Integer call() {
        config();
        throw notAvailable("the metrics exporter");
    }
}
