package io.fraisier.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fraisier stats}. */
@Command(name = "stats", description = "Deployment statistics: counts per status, success rate, durations, per fraise.")
public final class StatsCommand extends FraisierSubcommand {
    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "7",
            description = "Over the last N days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--fraise", paramLabel = "F", description = "Only this fraise.")
    String fraise;

    @Override
    public Integer call() {
        config();
        throw notAvailable("the deployment store");
    }
}
