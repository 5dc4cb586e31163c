package io.fraisier.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier deploy <fraise> <environment>}. */
@Command(
        name = "deploy",
        description =
                "Deploy a fraise to an environment: lock it, change it, check its health, roll back" + " on failure.")
public final class DeployCommand extends FraisierSubcommand {
    @Parameters(index = "0", paramLabel = "FRAISE", description = "The fraise (service) to deploy.")
    String fraise;

    @Parameters(index = "1", paramLabel = "ENVIRONMENT", description = "The environment to deploy to.")
    String environment;

    @Option(names = "--force", description = "Deploy even when the target already runs that version.")
    boolean force;

    @Option(
            names = "--dry-run",
            description =
                    "Print the current version, the target version, the provider and the steps;" + " change nothing.")
    boolean dryRun;

    @Option(
            names = "--version",
            paramLabel = "V",
            description = "Version to deploy (commit, tag, image tag); default: the branch head or tag.")
    String version;

    @Override
    public Integer call() {
        config().environment(fraise, environment);
        throw notAvailable("the deployment engine");
    }
}
