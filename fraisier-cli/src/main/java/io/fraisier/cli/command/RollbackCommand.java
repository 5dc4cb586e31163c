package io.fraisier.cli.command;

import io.fraisier.cli.render.OutcomeRenderer;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.RollbackRequest;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier rollback <fraise> <environment>}. */
@Command(
        name = "rollback",
        description = "Deploy the previous (or a given) version of a fraise again, with lock and health"
                + " check like any deployment.")
public final class RollbackCommand extends FraisierSubcommand {
    @Parameters(index = "0", paramLabel = "FRAISE", description = "The fraise to roll back.")
    String fraise;

    @Parameters(index = "1", paramLabel = "ENVIRONMENT", description = "The environment to roll back.")
    String environment;

    @Option(names = "--to", paramLabel = "V", description = "Version to return to (default: the previous one).")
    Version to;

    @Option(names = "--dry-run", description = "Print what the rollback would do; change nothing.")
    boolean dryRun;

    @Mixin
    FreezeOverride freezeOverride;

    @Override
    public Integer call() {
        String override = freezeOverride.reason(this::usage);
        FraisierConfig config = config();
        Target target = config.environment(fraise, environment).target();
        DeploymentOutcome outcome = withFraisier(
                config,
                fraisier -> fraisier.rollback(new RollbackRequest(target, to, dryRun, operator()), override),
                progress());
        return OutcomeRenderer.print(outcome, out(), json(), root().terminal());
    }
}
