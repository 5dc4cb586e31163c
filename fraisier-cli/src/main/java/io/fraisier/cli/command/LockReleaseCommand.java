package io.fraisier.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier lock release <fraise> <environment>}. */
@Command(name = "release", description = "Release a target's lock when its holder is dead (its lease expired).")
public final class LockReleaseCommand extends FraisierSubcommand {
    @Parameters(index = "0", paramLabel = "FRAISE", description = "The fraise.")
    String fraise;

    @Parameters(index = "1", paramLabel = "ENVIRONMENT", description = "The environment.")
    String environment;

    @Option(
            names = "--force",
            description = "Release even a live lease (the running deployment is then fenced off and fails).")
    boolean force;

    @Override
    public Integer call() {
        config().environment(fraise, environment);
        throw notAvailable("the lock store");
    }
}
