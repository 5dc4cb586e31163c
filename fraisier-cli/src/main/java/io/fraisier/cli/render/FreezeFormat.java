package io.fraisier.cli.render;

import io.fraisier.core.model.Freeze;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How freezes are shown: one line for tables, one object for {@code --output json}. */
public final class FreezeFormat {
    private FreezeFormat() {}

    /** {@code fraise, environment, kind (manual|window), window, set_by, reason, from, until} (until null: no end). */
    public static Map<String, Object> json(Freeze f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fraise", f.target().fraise());
        m.put("environment", f.target().environment());
        m.put("kind", f.isManual() ? "manual" : "window");
        m.put("window", f.window());
        m.put("set_by", f.setBy());
        m.put("reason", f.reason());
        m.put("from", f.from().toString());
        m.put("until", f.until() == null ? null : f.until().toString());
        return m;
    }

    public static List<Map<String, Object>> json(List<Freeze> freezes) {
        return freezes.stream().map(FreezeFormat::json).toList();
    }

    /** The FROZEN column of {@code status-all}: {@code -}, {@code until <time>}, or {@code paused}. */
    public static String column(List<Freeze> freezes) {
        if (freezes.isEmpty()) {
            return "-";
        }
        Freeze f = freezes.getFirst();
        String what = f.isManual() ? "" : f.window() + " ";
        return f.until() == null ? what + "paused" : what + "until " + DeploymentFormat.time(f.until());
    }
}
