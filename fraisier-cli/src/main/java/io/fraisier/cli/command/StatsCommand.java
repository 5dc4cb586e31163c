package io.fraisier.cli.command;

import io.fraisier.cli.render.DeploymentFormat;
import io.fraisier.cli.render.Json;
import io.fraisier.cli.render.Table;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.DeploymentStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fraisier stats}. */
@Command(
        name = "stats",
        description = "Deployment statistics per fraise and in total: counts, success rate, durations.")
public final class StatsCommand extends FraisierSubcommand {
    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "7",
            description = "Over the last N days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--fraise", paramLabel = "F", description = "Only this fraise.")
    String fraise;

    @Override
    public Integer call() {
        if (days < 1) {
            throw usage("--days must be 1 or more, was " + days);
        }
        FraisierConfig config = config();
        List<DeploymentStats> stats = withFraisier(config, fraisier -> fraisier.stats(days, fraise));
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("days", days);
            doc.put("stats", stats.stream().map(StatsCommand::toJson).toList());
            Json.print(out(), doc);
            return 0;
        }
        out().println("Deployments of the last " + days + (days == 1 ? " day" : " days")
                + (fraise == null ? "" : " of " + fraise) + ":");
        Table table = new Table("FRAISE", "TOTAL", "SUCCESS", "FAILED", "ROLLBACKS", "SUCCESS_RATE", "AVG", "P95");
        for (DeploymentStats s : stats) {
            table.row(
                    s.fraise() == null ? "(all)" : s.fraise(),
                    s.total(),
                    s.successes(),
                    s.failures(),
                    s.rollbacks(),
                    s.successRate() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", s.successRate() * 100),
                    DeploymentFormat.seconds(s.averageSeconds()),
                    DeploymentFormat.seconds(s.p95Seconds()));
        }
        table.print(out());
        return 0;
    }

    private static Map<String, Object> toJson(DeploymentStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fraise", s.fraise());
        m.put("total", s.total());
        m.put("successes", s.successes());
        m.put("failures", s.failures());
        m.put("rollbacks", s.rollbacks());
        m.put("success_rate", s.successRate());
        m.put("average_seconds", s.averageSeconds());
        m.put("p95_seconds", s.p95Seconds());
        return m;
    }
}
