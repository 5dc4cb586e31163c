package io.fraisier.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fraisier history}. */
@Command(name = "history", description = "List past deployments, newest first, one per line.")
public final class HistoryCommand extends FraisierSubcommand {
    @Option(names = "--fraise", paramLabel = "F", description = "Only this fraise.")
    String fraise;

    @Option(names = "--environment", paramLabel = "E", description = "Only this environment.")
    String environment;

    @Option(names = "--status", paramLabel = "S", description = "Only this status (success, failed, rolled_back, …).")
    String status;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "At most N deployments (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--since",
            paramLabel = "DATE|DURATION",
            description = "Only deployments started after a date (2026-11-01) or within a duration (7d, 12h).")
    String since;

    @Override
    public Integer call() {
        config();
        throw notAvailable("the deployment store");
    }
}
