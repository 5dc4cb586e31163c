package io.fraisier.cli.command;

import static io.fraisier.cli.render.DeploymentFormat.time;

import io.fraisier.cli.render.DeploymentFormat;
import io.fraisier.cli.render.Json;
import io.fraisier.cli.render.Table;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.LockLease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code fraisier lock list}. */
@Command(
        name = "list",
        description = "List held locks: target, holder (host:pid), deployment, age, expiry, state (live, expired,"
                + " or dead: its process on this host is gone).")
public final class LockListCommand extends FraisierSubcommand {
    @Override
    public Integer call() {
        FraisierConfig config = config();
        Instant now = Instant.now();
        Map<LockLease, String> locks = withFraisier(config, fraisier -> {
            Map<LockLease, String> states = new LinkedHashMap<>();
            for (LockLease l : fraisier.locks()) {
                states.put(l, l.isExpiredAt(now) ? "expired" : fraisier.isHolderGone(l) ? "dead" : "live");
            }
            return states;
        });
        if (json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            locks.forEach((l, state) -> {
                Map<String, Object> row = new LinkedHashMap<>(DeploymentFormat.json(l));
                row.put("state", state);
                rows.add(row);
            });
            Json.print(out(), Map.of("locks", rows));
            return 0;
        }
        if (locks.isEmpty()) {
            out().println("No lock is held.");
            out().flush();
            return 0;
        }
        Table table = new Table("FRAISE", "ENVIRONMENT", "HOLDER", "DEPLOYMENT", "ACQUIRED", "EXPIRES", "STATE");
        for (Map.Entry<LockLease, String> e : locks.entrySet()) {
            LockLease l = e.getKey();
            table.row(
                    l.target().fraise(),
                    l.target().environment(),
                    l.holder(),
                    "#" + l.deploymentId(),
                    time(l.acquiredAt()),
                    time(l.expiresAt()),
                    e.getValue());
        }
        table.print(out());
        return 0;
    }
}
