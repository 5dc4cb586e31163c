package io.fraisier.cli.command;

import io.fraisier.cli.render.Json;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.HumanDuration;
import io.fraisier.core.model.PruneResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fraisier prune --older-than 90d [--dry-run]}. */
@Command(
        name = "prune",
        description = "Remove finished deployments that ended longer ago than --older-than, their events, and"
                + " processed webhook events as old; never metric counters nor running deployments.")
public final class PruneCommand extends FraisierSubcommand {
    @Option(names = "--older-than", required = true, paramLabel = "DURATION", description = "e.g. 90d, 12w.")
    String olderThan;

    @Option(names = "--dry-run", description = "Only count what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() {
        Duration age;
        try {
            age = HumanDuration.parse(olderThan);
        } catch (IllegalArgumentException e) {
            throw usage("--older-than: " + e.getMessage());
        }
        FraisierConfig config = config();
        PruneResult r = withFraisier(config, fraisier -> fraisier.prune(age, dryRun));
        if (json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dry_run", dryRun);
            m.put("deployments", r.deployments());
            m.put("events", r.events());
            m.put("webhook_events", r.webhookEvents());
            Json.print(out(), Map.of("pruned", m));
            return 0;
        }
        out().println((dryRun ? "Would remove " : "Removed ") + r.deployments() + " deployments, " + r.events()
                + " events, " + r.webhookEvents() + " webhook events older than " + olderThan + ".");
        out().flush();
        return 0;
    }
}
