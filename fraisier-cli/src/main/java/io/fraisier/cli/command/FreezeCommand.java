package io.fraisier.cli.command;

import io.fraisier.cli.render.DeploymentFormat;
import io.fraisier.cli.render.FreezeFormat;
import io.fraisier.cli.render.Json;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.HumanDuration;
import io.fraisier.core.model.Target;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier freeze FRAISE ENV|--all [--until TIME|--for 2h] --reason TEXT}. */
@Command(
        name = "freeze",
        description = "Refuse deployments and rollbacks of a target (webhook pushes are ignored) until a time,"
                + " for a while, or until `fraisier unfreeze` (a pause). `FRAISE --all`: every environment of"
                + " FRAISE; `--all` alone: every target.")
public final class FreezeCommand extends FraisierSubcommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FRAISE", description = "The fraise.")
    String fraise;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ENVIRONMENT", description = "The environment.")
    String environment;

    @Option(names = "--all", description = "Every environment of FRAISE, or every target without FRAISE.")
    boolean all;

    @Option(names = "--until", paramLabel = "TIME", description = "End, ISO-8601 (2026-12-07T08:00:00Z or +01:00).")
    String until;

    @Option(names = "--for", paramLabel = "DURATION", description = "End after this long (30m, 2h, 3d).")
    String forDuration;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, shown in refusals.")
    String reason;

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            throw usage("--reason must say why (it is shown to whoever is refused)");
        }
        if (until != null && forDuration != null) {
            throw usage("give --until or --for, not both");
        }
        Instant end = end();
        FraisierConfig config = config();
        List<Target> targets = FreezeTargets.resolve(config, fraise, environment, all, this::usage);
        List<Freeze> set = withFraisier(config, fraisier -> {
            String who = operator() + "@" + host(fraisier.holderId());
            List<Freeze> out = new ArrayList<>();
            for (Target t : targets) {
                out.add(fraisier.freeze(t, end, reason, who));
            }
            return out;
        });
        if (json()) {
            Json.print(out(), Map.of("freezes", FreezeFormat.json(set)));
            return 0;
        }
        for (Freeze f : set) {
            out().println("Froze " + f.target() + " "
                    + (f.until() == null
                            ? "with no end (unfreeze to resume)"
                            : "until " + DeploymentFormat.time(f.until()))
                    + ": " + f.reason());
        }
        out().flush();
        return 0;
    }

    private Instant end() {
        if (forDuration != null) {
            try {
                return Instant.now().plus(HumanDuration.parse(forDuration));
            } catch (IllegalArgumentException e) {
                throw usage("--for: " + e.getMessage());
            }
        }
        if (until == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(until.trim()).toInstant();
        } catch (DateTimeException e) {
            throw usage("--until: '" + until + "' is not an ISO-8601 time with an offset, such as"
                    + " 2026-12-07T08:00:00Z or 2026-12-07T09:00:00+01:00");
        }
    }

    static String host(String holderId) {
        int colon = holderId.lastIndexOf(':');
        return colon < 0 ? holderId : holderId.substring(0, colon);
    }
}
