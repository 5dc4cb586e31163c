package io.fraisier.cli.command;

import io.fraisier.cli.render.OutcomeRenderer;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier deploy <fraise> <environment>}. */
@Command(
        name = "deploy",
        description = "Deploy a fraise to an environment: lock it, change it, check its health, roll back"
                + " on failure. Exit 0 deployed or skipped, 6 failed (rolled back), 7 rollback failed.")
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
    Version version;

    @Mixin
    FreezeOverride freezeOverride;

    @Override
    public Integer call() {
        String override = freezeOverride.reason(this::usage);
        FraisierConfig config = config();
        Target target = config.environment(fraise, environment).target();
        DeployRequest request = DeployRequest.of(target)
                .withVersion(version)
                .withForce(force)
                .withDryRun(dryRun)
                .by(Trigger.CLI, operator());
        DeploymentOutcome outcome = withFraisier(config, fraisier -> fraisier.deploy(request, override), progress());
        return OutcomeRenderer.print(outcome, out(), json(), root().terminal());
    }
}
