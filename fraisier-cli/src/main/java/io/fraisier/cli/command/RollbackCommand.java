package io.fraisier.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier rollback <fraise> <environment>}. */
@Command(name = "rollback", description = "Deploy the previous (or a given) version of a fraise again.")
public final class RollbackCommand extends FraisierSubcommand {
    @Parameters(index = "0", paramLabel = "FRAISE", description = "The fraise to roll back.")
    String fraise;

    @Parameters(index = "1", paramLabel = "ENVIRONMENT", description = "The environment to roll back.")
    String environment;

    @Option(names = "--to", paramLabel = "V", description = "Version to return to (default: the previous one).")
    String to;

    @Option(names = "--dry-run", description = "Print what the rollback would do; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        config().environment(fraise, environment);
        throw notAvailable("the deployment engine");
    }
}
