package io.fraisier.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fraisier status <fraise> <environment>}. */
@Command(
        name = "status",
        description = "Show a target's deployed version, its last deployment and that deployment's steps.")
public final class StatusCommand extends FraisierSubcommand {
    @Parameters(index = "0", paramLabel = "FRAISE", description = "The fraise.")
    String fraise;

    @Parameters(index = "1", paramLabel = "ENVIRONMENT", description = "The environment.")
    String environment;

    @Override
    public Integer call() {
        config().environment(fraise, environment);
        throw notAvailable("the deployment store");
    }
}
