package io.fraisier.core.internal.config;

import io.fraisier.core.config.DidYouMean;
import io.fraisier.core.config.FraiseConfig;
import io.fraisier.core.config.FreezeWindow;
import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.model.HumanDuration;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The top-level {@code freeze_windows:} list: every entry checked, every problem with its place. */
public final class FreezeWindowsSection {
    private static final List<String> KEYS = List.of("name", "cron", "duration", "timezone", "environments");

    private FreezeWindowsSection() {}

    /**
     * The windows written under environments ({@code fraises.<f>.environments.<e>.freeze_windows}): each
     * freezes that one target, and may not list {@code environments:}.
     */
    public static List<FreezeWindow> readPerEnvironment(YamlNode.@Nullable Entry fraisesSection, ValueReader r) {
        List<FreezeWindow> out = new ArrayList<>();
        if (fraisesSection == null || !(fraisesSection.value() instanceof YamlNode.Mapping fraises)) {
            return out;
        }
        for (YamlNode.Entry fraise : fraises.entries().values()) {
            if (!(fraise.value() instanceof YamlNode.Mapping f)
                    || !(f.entries().get("environments") instanceof YamlNode.Entry envs)
                    || !(envs.value() instanceof YamlNode.Mapping envMap)) {
                continue;
            }
            for (YamlNode.Entry env : envMap.entries().values()) {
                if (!(env.value() instanceof YamlNode.Mapping e)
                        || !(e.entries().get("freeze_windows") instanceof YamlNode.Entry section)) {
                    continue;
                }
                String path = "fraises." + fraise.key() + ".environments." + env.key() + ".freeze_windows";
                if (!(section.value() instanceof YamlNode.Sequence seq)) {
                    if (!(section.value() instanceof YamlNode.Scalar s && s.isNull())) {
                        r.problems()
                                .at(
                                        section.value(),
                                        path,
                                        "expected a list of windows, got "
                                                + section.value().describe());
                    }
                    continue;
                }
                Set<String> names = new HashSet<>();
                for (int i = 0; i < seq.items().size(); i++) {
                    String itemPath = KeyPaths.item(path, i);
                    YamlNode.Mapping m = r.mapping(seq.items().get(i), itemPath);
                    if (m == null) {
                        continue;
                    }
                    if (m.entries().get("environments") instanceof YamlNode.Entry listed) {
                        r.problems()
                                .atKey(
                                        listed,
                                        KeyPaths.child(itemPath, "environments"),
                                        "a window under an environment freezes that environment: remove environments:");
                        continue;
                    }
                    FreezeWindow w = window(m, itemPath, r, Set.of(), names);
                    if (w != null) {
                        out.add(new FreezeWindow(
                                w.name(), w.cron(), w.duration(), w.timezone(), List.of(env.key()), fraise.key()));
                    }
                }
            }
        }
        return out;
    }

    /** The windows; {@code fraises} gives the environment names an entry may list. */
    public static List<FreezeWindow> read(
            YamlNode.@Nullable Entry section, ValueReader r, Map<String, FraiseConfig> fraises) {
        List<FreezeWindow> out = new ArrayList<>();
        if (section == null || section.value() instanceof YamlNode.Scalar s && s.isNull()) {
            return out;
        }
        if (!(section.value() instanceof YamlNode.Sequence seq)) {
            r.problems()
                    .at(
                            section.value(),
                            "freeze_windows",
                            "expected a list of windows, got " + section.value().describe());
            return out;
        }
        Set<String> known = new LinkedHashSet<>();
        fraises.values().forEach(f -> known.addAll(f.environments().keySet()));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String path = KeyPaths.item("freeze_windows", i);
            YamlNode.Mapping m = r.mapping(seq.items().get(i), path);
            if (m == null) {
                continue;
            }
            FreezeWindow w = window(m, path, r, known, names);
            if (w != null) {
                out.add(w);
            }
        }
        return out;
    }

    private static @Nullable FreezeWindow window(
            YamlNode.Mapping m, String path, ValueReader r, Set<String> known, Set<String> names) {
        String name = null;
        String cron = null;
        Duration duration = null;
        ZoneId zone = ZoneId.of("UTC");
        List<String> environments = List.of();
        boolean ok = true;
        for (YamlNode.Entry e : m.entries().values()) {
            String p = KeyPaths.child(path, e.key());
            switch (e.key()) {
                case "name" -> {
                    name = r.string(e.value(), p);
                    if (name != null && !names.add(name)) {
                        r.problems().at(e.value(), p, "another window is already named '" + name + "'");
                        ok = false;
                    }
                }
                case "cron" -> {
                    cron = r.string(e.value(), p);
                    if (cron != null) {
                        try {
                            FreezeWindow.parse(cron);
                        } catch (IllegalArgumentException x) {
                            r.problems().at(e.value(), p, x.getMessage());
                            ok = false;
                        }
                    }
                }
                case "duration" -> {
                    String d = r.string(e.value(), p);
                    if (d != null) {
                        try {
                            duration = HumanDuration.parse(d);
                        } catch (IllegalArgumentException x) {
                            r.problems().at(e.value(), p, x.getMessage());
                            ok = false;
                        }
                    }
                }
                case "timezone" -> {
                    String z = r.string(e.value(), p);
                    if (z != null) {
                        try {
                            zone = ZoneId.of(z);
                        } catch (DateTimeException x) {
                            r.problems()
                                    .at(
                                            e.value(),
                                            p,
                                            "unknown time zone '" + z
                                                    + "': use an IANA name such as Europe/Paris, America/New_York or UTC");
                            ok = false;
                        }
                    }
                }
                case "environments" -> {
                    List<String> list = r.stringList(e.value(), p);
                    if (list != null) {
                        for (String env : list) {
                            if (!known.contains(env)) {
                                r.problems()
                                        .at(
                                                e.value(),
                                                p,
                                                "unknown environment '" + env + "'" + DidYouMean.suffix(env, known)
                                                        + "; configured: " + String.join(", ", known));
                                ok = false;
                            }
                        }
                        environments = list;
                    }
                }
                default -> {
                    r.problems().unknownKey(e, path, KEYS);
                    ok = false;
                }
            }
        }
        for (String required : List.of("name", "cron", "duration")) {
            if (!m.entries().containsKey(required)) {
                r.problems().at(m, path, "missing key '" + required + "'");
                ok = false;
            }
        }
        if (!ok || name == null || cron == null || duration == null) {
            return null;
        }
        return new FreezeWindow(name, cron, duration, zone, environments);
    }
}
