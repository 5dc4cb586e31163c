package io.fraisier.cli.command;

import static io.fraisier.cli.render.DeploymentFormat.seconds;
import static io.fraisier.cli.render.DeploymentFormat.time;
import static io.fraisier.cli.render.DeploymentFormat.version;

import io.fraisier.cli.render.DeploymentFormat;
import io.fraisier.cli.render.Json;
import io.fraisier.cli.render.Table;
import io.fraisier.cli.render.Visible;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.FraiseState;
import io.fraisier.core.model.HostStatus;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.TargetStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier status <fraise> <environment>}. */
@Command(
        name = "status",
        description = "Show a target's running version (asked of its provider), health, lock, recent"
                + " deployments, the steps of the last one and the service's recent logs.")
public final class StatusCommand extends FraisierSubcommand {
    @Parameters(index = "0", paramLabel = "FRAISE", description = "The fraise.")
    String fraise;

    @Parameters(index = "1", paramLabel = "ENVIRONMENT", description = "The environment.")
    String environment;

    @Option(
            names = "--log-lines",
            paramLabel = "N",
            description = "How many of the service's last log lines to show (default: ${DEFAULT-VALUE}; 0: none).")
    int logLines = Fraisier.DEFAULT_LOG_LINES;

    @Override
    public Integer call() {
        if (logLines < 0) {
            throw new FraisierException(
                    ErrorCode.USAGE, "--log-lines must be 0 or more, got " + logLines, "Pass --log-lines 20.");
        }
        FraisierConfig config = config();
        List<io.fraisier.core.model.Freeze> freezes = new java.util.ArrayList<>();
        TargetStatus status = withFraisier(config, fraisier -> {
            var target = config.environment(fraise, environment).target();
            freezes.addAll(fraisier.freezes(target));
            return fraisier.status(target, 10, logLines);
        });
        if (json()) {
            Map<String, Object> m = toJson(status);
            m.put("freezes", io.fraisier.cli.render.FreezeFormat.json(freezes));
            Json.print(out(), m);
        } else {
            print(status, out());
            if (!freezes.isEmpty()) {
                out().println(root().terminal()
                        .red("FROZEN:   " + freezes.getFirst().describe()));
                freezes.stream().skip(1).forEach(f -> out().println("          and " + f.describe()));
            }
            out().flush();
        }
        return 0;
    }

    private void print(TargetStatus s, PrintWriter out) {
        out.println(root().terminal().bold(s.target().toString()) + " (" + s.provider() + ")");
        out.println("running:  "
                + (s.providerError() != null
                        ? "unknown (" + s.providerError() + ")"
                        : s.runningVersion() == null
                                ? "nothing"
                                : s.runningVersion().toString()));
        FraiseState state = s.state();
        out.println("recorded: "
                + (state == null
                        ? "never deployed"
                        : version(state.currentVersion()) + ", last deployment #" + state.lastDeploymentId() + " "
                                + state.lastStatus().dbValue() + " at " + time(state.updatedAt())));
        out.println("health:   "
                + (s.health() == null
                        ? "not checked"
                        : (s.health().healthy() ? "healthy" : "UNHEALTHY") + " ("
                                + s.health().detail() + ", " + s.health().took().toMillis() + " ms)"));
        out.println("lock:     " + lock(s.lock()));
        if (!s.hosts().isEmpty()) {
            out.println();
            Table hosts = new Table("HOST", "RUNNING", "HEALTH");
            for (HostStatus h : s.hosts()) {
                hosts.row(
                        h.name(),
                        h.error() != null
                                ? "unknown (" + h.error() + ")"
                                : h.runningVersion() == null
                                        ? "nothing"
                                        : h.runningVersion().toString(),
                        h.health() == null
                                ? "not checked"
                                : (h.health().healthy() ? "healthy" : "UNHEALTHY") + " ("
                                        + h.health().detail() + ")");
            }
            hosts.print(out);
        }
        s.recent().stream()
                .filter(d -> d.status().needsOperator())
                .findFirst()
                .ifPresent(d -> out.println(root().terminal()
                        .red("ATTENTION: deployment #" + d.id() + " is "
                                + d.status().dbValue()
                                + ": check the service, then `fraisier rollback` or `fraisier resolve " + d.id()
                                + "`.")));
        if (!s.recent().isEmpty()) {
            out.println();
            Table table = new Table("ID", "STARTED", "STATUS", "OLD", "NEW", "DURATION", "TRIGGER");
            for (Deployment d : s.recent()) {
                table.row(
                        d.id(),
                        time(d.startedAt() == null ? d.createdAt() : d.startedAt()),
                        d.status().dbValue(),
                        version(d.oldVersion()),
                        version(d.newVersion()),
                        seconds(d.durationSeconds()),
                        d.trigger().dbValue());
            }
            table.print(out);
        }
        if (!s.latestEvents().isEmpty()) {
            out.println();
            out.println("steps of deployment #" + s.latestEvents().getFirst().deploymentId() + ":");
            for (DeploymentEvent e : s.latestEvents()) {
                out.println("  " + time(e.at()) + "  " + e.level().name().toLowerCase(java.util.Locale.ROOT) + "  "
                        + e.step() + ": " + Visible.controls(e.message()).replace("\n", "\n      | "));
            }
        }
        if (!s.recentLogs().isEmpty() || s.logsNote() != null) {
            out.println();
            out.println("recent logs:");
            for (String line : s.recentLogs()) {
                out.println("  " + Visible.controls(line));
            }
            if (s.logsNote() != null) {
                out.println("  (" + s.logsNote() + ")");
            }
        }
        out.flush();
    }

    static String lock(LockLease lock) {
        if (lock == null) {
            return "free";
        }
        return "held by " + lock.holder() + " for deployment #" + lock.deploymentId() + " since "
                + time(lock.acquiredAt()) + (lock.isExpiredAt(Instant.now()) ? ", EXPIRED at " : ", expires ")
                + time(lock.expiresAt());
    }

    private static Map<String, Object> toJson(TargetStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fraise", s.target().fraise());
        m.put("environment", s.target().environment());
        m.put("provider", s.provider());
        m.put(
                "running_version",
                s.runningVersion() == null ? null : s.runningVersion().value());
        m.put("provider_error", s.providerError());
        m.put("state", DeploymentFormat.json(s.state()));
        if (s.health() != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("healthy", s.health().healthy());
            h.put("detail", s.health().detail());
            h.put("took_ms", s.health().took().toMillis());
            m.put("health", h);
        } else {
            m.put("health", null);
        }
        m.put("lock", DeploymentFormat.json(s.lock()));
        m.put("recent", s.recent().stream().map(DeploymentFormat::json).toList());
        m.put(
                "latest_events",
                s.latestEvents().stream()
                        .map(e -> Map.of(
                                "at", time(e.at()),
                                "level", e.level().name().toLowerCase(java.util.Locale.ROOT),
                                "step", e.step(),
                                "message", e.message()))
                        .toList());
        m.put("recent_logs", s.recentLogs());
        m.put("logs_note", s.logsNote());
        m.put("hosts", s.hosts().stream().map(StatusCommand::hostJson).toList());
        return m;
    }

    private static Map<String, Object> hostJson(HostStatus h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", h.name());
        m.put(
                "running_version",
                h.runningVersion() == null ? null : h.runningVersion().value());
        m.put("error", h.error());
        if (h.health() != null) {
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("healthy", h.health().healthy());
            health.put("detail", h.health().detail());
            health.put("took_ms", h.health().took().toMillis());
            m.put("health", health);
        } else {
            m.put("health", null);
        }
        return m;
    }
}
