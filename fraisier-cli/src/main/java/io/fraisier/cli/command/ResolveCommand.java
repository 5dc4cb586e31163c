package io.fraisier.cli.command;

import io.fraisier.cli.render.DeploymentFormat;
import io.fraisier.cli.render.Json;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier resolve <deployment-id> --as success|failed --reason TEXT}. */
@Command(
        name = "resolve",
        description = "Record what really happened to a failed, interrupted or rollback_failed deployment,"
                + " after checking the service by hand.")
public final class ResolveCommand extends FraisierSubcommand {
    /** The outcomes an operator may record. */
    public enum Resolution {
        success(DeploymentStatus.SUCCESS),
        failed(DeploymentStatus.FAILED);

        private final DeploymentStatus status;

        Resolution(DeploymentStatus status) {
            this.status = status;
        }
    }

    @Parameters(index = "0", paramLabel = "DEPLOYMENT-ID", description = "The deployment (see `fraisier history`).")
    long deploymentId;

    @Option(names = "--as", required = true, paramLabel = "success|failed", description = "What really happened.")
    Resolution resolution;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the record.")
    String reason;

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            throw usage("--reason must say why (it is kept with the deployment)");
        }
        FraisierConfig config = config();
        Deployment resolved =
                withFraisier(config, fraisier -> fraisier.resolve(deploymentId, resolution.status, reason, operator()));
        if (json()) {
            Json.print(out(), Map.of("deployment", DeploymentFormat.json(resolved)));
        } else {
            out().println("Deployment #" + resolved.id() + " of " + resolved.target() + " is now "
                    + resolved.status().dbValue() + " (resolved by " + resolved.resolvedBy() + ").");
            out().flush();
        }
        return 0;
    }
}
