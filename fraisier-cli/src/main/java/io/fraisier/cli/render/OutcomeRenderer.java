package io.fraisier.cli.render;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentOutcome;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Prints what became of a deploy or rollback request, for people or as one JSON document. */
public final class OutcomeRenderer {
    private OutcomeRenderer() {}

    /** Prints {@code outcome} and returns its exit status. */
    public static int print(DeploymentOutcome outcome, PrintWriter out, boolean json, Terminal term) {
        if (json) {
            Json.print(out, toJson(outcome));
            return outcome.exitCode();
        }
        if (outcome instanceof DeploymentOutcome.Planned p) {
            out.println("Dry run for " + p.target() + " (provider " + p.provider() + "), nothing changed:");
            out.println("  current version: " + (p.current() == null ? "(nothing deployed)" : p.current()));
            out.println("  target version:  " + p.targetVersion() + " ("
                    + p.direction().name().toLowerCase(Locale.ROOT) + ")");
            out.println("  provider:        " + p.provider());
            if (p.wouldSkip()) {
                out.println("  would skip: already at " + p.targetVersion() + " (use --force to redeploy)");
            } else {
                out.println("  steps:");
                for (int i = 0; i < p.steps().size(); i++) {
                    out.println("    " + (i + 1) + ". " + p.steps().get(i));
                }
            }
            if (p.freezeNote() != null) {
                String note = "  " + p.freezeNote();
                out.println(p.wouldBeRefused() ? term.bold(term.red(note)) : term.red(note));
                if (p.wouldBeRefused()) {
                    out.println("  (--override-freeze --reason TEXT goes ahead anyway, recorded with the deployment)");
                }
            }
        } else {
            String line = outcome.summary();
            out.println(
                    outcome.exitCode() == 0
                            ? term.green(line)
                            : outcome.needsOperator() ? term.bold(term.red(line)) : term.red(line));
            deployment(outcome)
                    .ifPresent(d -> out.println(
                            "deployment #" + d.id() + ": " + d.status().dbValue()
                                    + (d.durationSeconds() == null
                                            ? ""
                                            : " in " + DeploymentFormat.seconds(d.durationSeconds()))));
        }
        out.flush();
        return outcome.exitCode();
    }

    static Map<String, Object> toJson(DeploymentOutcome outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", kind(outcome));
        m.put("fraise", outcome.target().fraise());
        m.put("environment", outcome.target().environment());
        m.put("summary", outcome.summary());
        m.put("exit_code", outcome.exitCode());
        m.put("needs_operator", outcome.needsOperator());
        if (outcome instanceof DeploymentOutcome.Planned p) {
            m.put("provider", p.provider());
            m.put("current_version", DeploymentFormat.text(p.current()));
            m.put("target_version", p.targetVersion().value());
            m.put("direction", p.direction().name().toLowerCase(Locale.ROOT));
            m.put("steps", p.steps());
            m.put("would_skip", p.wouldSkip());
            m.put("freezes", FreezeFormat.json(p.freezes()));
            m.put("would_be_refused", p.wouldBeRefused());
        }
        deployment(outcome).ifPresent(d -> m.put("deployment", DeploymentFormat.json(d)));
        return m;
    }

    private static String kind(DeploymentOutcome outcome) {
        return switch (outcome) {
            case DeploymentOutcome.Succeeded s -> "succeeded";
            case DeploymentOutcome.Skipped s -> "skipped";
            case DeploymentOutcome.Failed f -> "failed";
            case DeploymentOutcome.RolledBack r -> "rolled_back";
            case DeploymentOutcome.RollbackFailed r -> "rollback_failed";
            case DeploymentOutcome.Superseded s -> "superseded";
            case DeploymentOutcome.Cancelled c -> "cancelled";
            case DeploymentOutcome.Planned p -> "planned";
        };
    }

    private static java.util.Optional<Deployment> deployment(DeploymentOutcome outcome) {
        return switch (outcome) {
            case DeploymentOutcome.Succeeded s -> java.util.Optional.of(s.deployment());
            case DeploymentOutcome.Skipped s -> java.util.Optional.of(s.deployment());
            case DeploymentOutcome.Failed f -> java.util.Optional.of(f.deployment());
            case DeploymentOutcome.RolledBack r -> java.util.Optional.of(r.deployment());
            case DeploymentOutcome.RollbackFailed r -> java.util.Optional.of(r.deployment());
            case DeploymentOutcome.Superseded s -> java.util.Optional.of(s.deployment());
            case DeploymentOutcome.Cancelled c -> java.util.Optional.of(c.deployment());
            case DeploymentOutcome.Planned p -> java.util.Optional.empty();
        };
    }
}
