package io.fraisier.cli.command;

import io.fraisier.cli.render.DeploymentFormat;
import io.fraisier.cli.render.Json;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.LockLease;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier lock release <fraise> <environment>}. */
@Command(
        name = "release",
        description =
                "Release a target's lock when its holder is dead (its lease expired or its process is" + " gone).")
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
        FraisierConfig config = config();
        LockLease released = withFraisier(
                config,
                fraisier -> fraisier.releaseLock(
                        config.environment(fraise, environment).target(), force));
        if (json()) {
            Json.print(out(), Map.of("released", DeploymentFormat.json(released)));
        } else {
            out().println("Released the lock of " + released.target() + " held by " + released.holder()
                    + " for deployment #" + released.deploymentId() + ".");
            out().flush();
        }
        return 0;
    }
}
