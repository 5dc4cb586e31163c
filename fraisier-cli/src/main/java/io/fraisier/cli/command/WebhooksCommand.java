package io.fraisier.cli.command;

import static io.fraisier.cli.render.DeploymentFormat.time;

import io.fraisier.cli.render.Json;
import io.fraisier.cli.render.Table;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.WebhookEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fraisier webhooks}: recent deliveries; unrouted ones read "not processed". */
@Command(
        name = "webhooks",
        description =
                "List recent webhook events: git host, branch, commit, whether processed, what they" + " triggered.")
public final class WebhooksCommand extends FraisierSubcommand {
    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "At most N events (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw usage("--limit must be 1 or more, was " + limit);
        }
        FraisierConfig config = config();
        List<WebhookEvent> events =
                withFraisier(config, fraisier -> fraisier.webhookEvents().recent(limit));
        if (json()) {
            Json.print(
                    out(),
                    Map.of(
                            "events",
                            events.stream().map(WebhooksCommand::toJson).toList()));
            return 0;
        }
        if (events.isEmpty()) {
            out().println("No webhook event received yet.");
            out().flush();
            return 0;
        }
        Table table = new Table(
                "ID", "RECEIVED", "HOST", "EVENT", "REF", "COMMIT", "SENDER", "STATE", "DEPLOYMENTS", "OUTCOME");
        for (WebhookEvent e : events) {
            table.row(
                    e.id(),
                    time(e.receivedAt()),
                    e.gitHost(),
                    e.eventType().replace(' ', '_'),
                    e.ref(),
                    e.commit() == null
                            ? null
                            : e.commit().substring(0, Math.min(12, e.commit().length())),
                    e.sender(),
                    e.processed() ? "processed" : "not processed",
                    e.deploymentIds().stream().map(id -> "#" + id).collect(Collectors.joining(",")),
                    e.outcome());
        }
        table.print(out());
        return 0;
    }

    private static Map<String, Object> toJson(WebhookEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("received_at", time(e.receivedAt()));
        m.put("git_host", e.gitHost());
        m.put("event_type", e.eventType());
        m.put("delivery_id", e.deliveryId());
        m.put("ref", e.ref());
        m.put("ref_type", e.refType());
        m.put("commit", e.commit());
        m.put("sender", e.sender());
        m.put("repository", e.repository());
        m.put("processed", e.processed());
        m.put("outcome", e.outcome());
        m.put("deployment_ids", e.deploymentIds());
        return m;
    }
}
