package io.fraisier.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fraisier status-all}. */
@Command(
        name = "status-all",
        description = "Show every target: deployed version, last status, running deployments and locks.")
public final class StatusAllCommand extends FraisierSubcommand {
    @Option(names = "--environment", paramLabel = "E", description = "Only this environment.")
    String environment;

    @Option(
            names = "--type",
            paramLabel = "T",
            description = "Only fraises of this type (api, etl, scheduled, backup).")
    String type;

    @Override
    public Integer call() {
        config();
        throw notAvailable("the deployment store");
    }
}
