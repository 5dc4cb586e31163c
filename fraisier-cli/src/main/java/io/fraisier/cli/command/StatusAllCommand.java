package io.fraisier.cli.command;

import static io.fraisier.cli.render.DeploymentFormat.time;
import static io.fraisier.cli.render.DeploymentFormat.version;

import io.fraisier.cli.render.DeploymentFormat;
import io.fraisier.cli.render.FreezeFormat;
import io.fraisier.cli.render.Json;
import io.fraisier.cli.render.Table;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.StatusFilter;
import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.TargetOverview;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fraisier status-all}. */
@Command(name = "status-all", description = "Show every target from the database: recorded version, last status, lock.")
public final class StatusAllCommand extends FraisierSubcommand {
    @Option(names = "--environment", paramLabel = "E", description = "Only this environment.")
    String environment;

    @Option(
            names = "--type",
            paramLabel = "T",
            description = "Only fraises of this type (api, etl, scheduled, backup).")
    String type;

    @Override
    public Integer call() {
        FraisierConfig config = config();
        Map<Target, List<Freeze>> frozen = new LinkedHashMap<>();
        List<TargetOverview> targets = withFraisier(config, fraisier -> {
            List<TargetOverview> all = fraisier.statusAll(new StatusFilter(environment, type));
            fraisier.freezes()
                    .forEach(f -> frozen.computeIfAbsent(f.target(), k -> new ArrayList<>())
                            .add(f));
            return all;
        });
        if (json()) {
            Json.print(
                    out(),
                    Map.of(
                            "targets",
                            targets.stream()
                                    .map(t -> toJson(t, frozen.getOrDefault(t.target(), List.of())))
                                    .toList()));
            return 0;
        }
        Table table = new Table(
                "FRAISE", "ENVIRONMENT", "TYPE", "PROVIDER", "VERSION", "LAST_STATUS", "UPDATED", "LOCK", "FROZEN");
        for (TargetOverview t : targets) {
            table.row(
                    t.target().fraise(),
                    t.target().environment(),
                    t.fraiseType(),
                    t.provider(),
                    t.state() == null ? "-" : version(t.state().currentVersion()),
                    t.state() == null ? "never" : t.state().lastStatus().dbValue(),
                    t.state() == null ? "-" : time(t.state().updatedAt()),
                    t.lock() == null
                            ? "free"
                            : "held:#" + t.lock().deploymentId() + "@"
                                    + t.lock().holder(),
                    FreezeFormat.column(frozen.getOrDefault(t.target(), List.of())));
        }
        if (table.isEmpty()) {
            out().println("No target matches.");
        } else {
            table.print(out());
        }
        out().flush();
        return 0;
    }

    private static Map<String, Object> toJson(TargetOverview t, List<Freeze> freezes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fraise", t.target().fraise());
        m.put("environment", t.target().environment());
        m.put("type", t.fraiseType());
        m.put("provider", t.provider());
        m.put("state", DeploymentFormat.json(t.state()));
        m.put("lock", DeploymentFormat.json(t.lock()));
        m.put("freezes", FreezeFormat.json(freezes));
        return m;
    }
}
