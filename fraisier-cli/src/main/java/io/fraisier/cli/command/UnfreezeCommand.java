package io.fraisier.cli.command;

import io.fraisier.cli.render.FreezeFormat;
import io.fraisier.cli.render.Json;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier unfreeze FRAISE ENV|--all}. */
@Command(
        name = "unfreeze",
        description = "Lift the manual freeze of a target (declared freeze_windows stay: edit fraises.yaml)."
                + " Exit 0 even when it was not frozen.")
public final class UnfreezeCommand extends FraisierSubcommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FRAISE", description = "The fraise.")
    String fraise;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ENVIRONMENT", description = "The environment.")
    String environment;

    @Option(names = "--all", description = "Every environment of FRAISE, or every target without FRAISE.")
    boolean all;

    @Override
    public Integer call() {
        FraisierConfig config = config();
        List<Target> targets = FreezeTargets.resolve(config, fraise, environment, all, this::usage);
        record Lifted(Target target, Freeze removed, List<Freeze> still) {}
        List<Lifted> lifted = withFraisier(config, fraisier -> {
            List<Lifted> out = new ArrayList<>();
            for (Target t : targets) {
                out.add(new Lifted(t, fraisier.unfreeze(t).orElse(null), fraisier.freezes(t)));
            }
            return out;
        });
        if (json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Lifted l : lifted) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("fraise", l.target().fraise());
                row.put("environment", l.target().environment());
                row.put("lifted", l.removed() == null ? null : FreezeFormat.json(l.removed()));
                row.put("still_frozen_by", FreezeFormat.json(l.still()));
                rows.add(row);
            }
            Json.print(out(), Map.of("unfrozen", rows));
            return 0;
        }
        for (Lifted l : lifted) {
            String line = l.removed() == null
                    ? l.target() + " had no manual freeze."
                    : "Unfroze " + l.target() + " (was: " + l.removed().describe() + ").";
            if (!l.still().isEmpty()) {
                line += " Still frozen by the " + l.still().getFirst().describe() + ".";
            }
            out().println(line);
        }
        out().flush();
        return 0;
    }
}
