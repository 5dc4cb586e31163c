package io.fraisier.cli.command;

import static io.fraisier.cli.render.DeploymentFormat.time;

import io.fraisier.cli.Json;
import io.fraisier.cli.render.DeploymentFormat;
import io.fraisier.cli.render.Table;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.LockLease;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code fraisier lock list}. */
@Command(name = "list", description = "List held locks: target, holder (host:pid), deployment, age, expiry.")
public final class LockListCommand extends FraisierSubcommand {
    @Override
    public Integer call() {
        FraisierConfig config = config();
        List<LockLease> locks = withFraisier(config, fraisier -> fraisier.locks());
        if (json()) {
            Json.print(
                    out(),
                    Map.of("locks", locks.stream().map(DeploymentFormat::json).toList()));
            return 0;
        }
        if (locks.isEmpty()) {
            out().println("No lock is held.");
            out().flush();
            return 0;
        }
        Instant now = Instant.now();
        Table table = new Table("FRAISE", "ENVIRONMENT", "HOLDER", "DEPLOYMENT", "ACQUIRED", "EXPIRES", "STATE");
        for (LockLease l : locks) {
            table.row(
                    l.target().fraise(),
                    l.target().environment(),
                    l.holder(),
                    "#" + l.deploymentId(),
                    time(l.acquiredAt()),
                    time(l.expiresAt()),
                    l.isExpiredAt(now) ? "expired" : "live");
        }
        table.print(out());
        return 0;
    }
}
