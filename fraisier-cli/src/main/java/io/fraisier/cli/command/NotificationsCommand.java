package io.fraisier.cli.command;

import static io.fraisier.cli.render.DeploymentFormat.time;

import io.fraisier.cli.render.Json;
import io.fraisier.cli.render.Table;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.Notification;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fraisier notifications}: the outbox's pending and failed messages (with --all, delivered too). */
@Command(
        name = "notifications",
        description = "List notifications not delivered yet (pending, with their next attempt) and failed ones;"
                + " --all adds delivered ones.")
public final class NotificationsCommand extends FraisierSubcommand {
    @Option(names = "--all", description = "Also list delivered notifications.")
    boolean all;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "50",
            description = "At most N notifications, newest first (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw usage("--limit must be 1 or more, was " + limit);
        }
        FraisierConfig config = config();
        Set<Notification.State> states = all
                ? EnumSet.allOf(Notification.State.class)
                : EnumSet.of(Notification.State.PENDING, Notification.State.FAILED);
        // listed before this run sends anything, so what is shown is what was waiting
        List<Notification> list =
                withFraisier(config, fraisier -> fraisier.notificationOutbox().list(states, limit));
        if (json()) {
            Json.print(
                    out(),
                    Map.of(
                            "notifications",
                            list.stream().map(NotificationsCommand::toJson).toList()));
            return 0;
        }
        if (list.isEmpty()) {
            out().println(
                            all
                                    ? "No notification recorded."
                                    : "No notification waiting: every one was delivered (see --all).");
            out().flush();
            return 0;
        }
        Table table = new Table(
                "ID", "DEPLOYMENT", "CHANNEL", "TYPE", "EVENT", "STATE", "ATTEMPTS", "NEXT ATTEMPT", "LAST ERROR");
        for (Notification n : list) {
            table.row(
                    n.id(),
                    "#" + n.deploymentId(),
                    n.channel(),
                    n.channelType(),
                    n.event(),
                    n.state().dbValue(),
                    n.attempts(),
                    n.state() == Notification.State.PENDING ? time(n.nextAttemptAt()) : null,
                    n.lastError());
        }
        table.print(out());
        return 0;
    }

    private static Map<String, Object> toJson(Notification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("delivery_id", n.deliveryId());
        m.put("deployment_id", n.deploymentId());
        m.put("channel", n.channel());
        m.put("channel_type", n.channelType());
        m.put("event", n.event());
        m.put("state", n.state().dbValue());
        m.put("attempts", n.attempts());
        m.put("next_attempt_at", n.state() == Notification.State.PENDING ? time(n.nextAttemptAt()) : null);
        m.put("last_error", n.lastError());
        m.put("created_at", time(n.createdAt()));
        m.put("delivered_at", time(n.deliveredAt()));
        return m;
    }
}
