package io.fraisier.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier resolve <deployment-id> --as success|failed --reason TEXT}. */
@Command(
        name = "resolve",
        description = "Close an interrupted or rollback_failed deployment by hand, after checking the service.")
public final class ResolveCommand extends FraisierSubcommand {
    /** The outcomes an operator may record. */
    public enum Resolution {
        success,
        failed
    }

    @Parameters(index = "0", paramLabel = "DEPLOYMENT-ID", description = "The deployment (see `fraisier history`).")
    long deploymentId;

    @Option(names = "--as", required = true, paramLabel = "success|failed", description = "What really happened.")
    Resolution resolution;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the record.")
    String reason;

    @Override
    public Integer call() {
        config();
        throw notAvailable("the deployment store");
    }
}
