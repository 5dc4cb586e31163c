package io.fraisier.cli.command;

import static io.fraisier.cli.render.DeploymentFormat.seconds;
import static io.fraisier.cli.render.DeploymentFormat.time;
import static io.fraisier.cli.render.DeploymentFormat.version;

import io.fraisier.cli.render.DeploymentFormat;
import io.fraisier.cli.render.Json;
import io.fraisier.cli.render.Table;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fraisier history}: one row per deployment, newest first, so that {@code fraisier history | grep
 * failed} finds the failures.
 */
@Command(name = "history", description = "List past deployments, newest first, one per line.")
public final class HistoryCommand extends FraisierSubcommand {
    @Option(names = "--fraise", paramLabel = "F", description = "Only this fraise.")
    String fraise;

    @Option(names = "--environment", paramLabel = "E", description = "Only this environment.")
    String environment;

    @Option(
            names = "--status",
            paramLabel = "S",
            description = "Only this status (pending, in_progress, success, failed, rolled_back,"
                    + " rollback_failed, skipped, superseded, interrupted, cancelled).")
    DeploymentStatus status;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "At most N deployments (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--since",
            paramLabel = "DATE|DURATION",
            converter = SinceConverter.class,
            description = "Only deployments created since a date (2026-11-01, 2026-11-01T12:00:00Z) or within a"
                    + " duration (30m, 12h, 7d, 2w).")
    Instant since;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw usage("--limit must be 1 or more, was " + limit);
        }
        FraisierConfig config = config();
        List<Deployment> rows = withFraisier(
                config, fraisier -> fraisier.history(new HistoryQuery(fraise, environment, status, since, limit)));
        if (json()) {
            Json.print(
                    out(),
                    Map.of(
                            "deployments",
                            rows.stream().map(DeploymentFormat::json).toList()));
            return 0;
        }
        if (rows.isEmpty()) {
            out().println("No deployment matches.");
            out().flush();
            return 0;
        }
        Table table = new Table(
                "ID", "STARTED", "FRAISE", "ENVIRONMENT", "STATUS", "OLD", "NEW", "DURATION", "TRIGGER", "ERROR");
        for (Deployment d : rows) {
            table.row(
                    d.id(),
                    time(d.startedAt() == null ? d.createdAt() : d.startedAt()),
                    d.target().fraise(),
                    d.target().environment(),
                    d.status().dbValue(),
                    version(d.oldVersion()),
                    version(d.newVersion()),
                    seconds(d.durationSeconds()),
                    d.trigger().dbValue(),
                    d.errorMessage() == null ? null : d.errorMessage().replace('\n', ' '));
        }
        table.print(out());
        return 0;
    }
}
