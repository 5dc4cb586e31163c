package io.fraisier.core.internal.config;

import io.fraisier.core.config.DidYouMean;
import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraiseConfig;
import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.model.Names;
import io.fraisier.core.model.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code fraises:} block and the {@code branch_mapping:} that points into it. A missing or empty
 * {@code fraises:} is valid (nothing to deploy yet); a fraise without {@code type} is an {@code api}.
 */
public final class FraisesSection {
    /** The fraise types. */
    public static final List<String> TYPES = List.of("api", "etl", "scheduled", "backup");

    private static final List<String> FRAISE_KEYS = List.of("type", "description", "environments");
    private static final List<String> TARGET_KEYS = List.of("fraise", "environment");

    /** Fraise name → environment names, as written (even when invalid), for {@code branch_mapping}. */
    private final Map<String, Set<String>> declared = new LinkedHashMap<>();

    private final Map<String, FraiseConfig> fraises = new LinkedHashMap<>();
    private final ValueReader r;

    private FraisesSection(ValueReader r) {
        this.r = r;
    }

    /** Reads {@code fraises:} (null: absent) with {@code environments} built by {@code binder}. */
    public static FraisesSection read(YamlNode.@Nullable Entry section, ValueReader r, EnvironmentBinder binder) {
        FraisesSection s = new FraisesSection(r);
        YamlNode.Mapping m = section == null ? null : r.mapping(section.value(), "fraises");
        if (m != null) {
            m.entries().values().forEach(e -> s.fraise(e, binder));
        }
        return s;
    }

    /** The fraises that had no problem, in file order. */
    public Map<String, FraiseConfig> fraises() {
        return fraises;
    }

    private void fraise(YamlNode.Entry entry, EnvironmentBinder binder) {
        String name = entry.key();
        String path = KeyPaths.child("fraises", name);
        boolean nameOk = validName(entry, path, "fraise");
        declared.put(name, new LinkedHashSet<>());
        if (!(entry.value() instanceof YamlNode.Scalar s && s.isNull()) && r.mapping(entry.value(), path) == null) {
            return;
        }
        int before = r.problems().size();
        String type = "api";
        String description = null;
        Map<String, EnvironmentConfig> environments = new LinkedHashMap<>();
        Map<String, YamlNode.Entry> entries = entry.value() instanceof YamlNode.Mapping fm ? fm.entries() : Map.of();
        for (YamlNode.Entry e : entries.values()) {
            String p = KeyPaths.child(path, e.key());
            switch (e.key()) {
                case "type" -> type = DatabaseSection.orElse(r.choice(e.value(), p, TYPES, "fraise type"), type);
                case "description" -> description = r.text(e.value(), p);
                case "environments" -> {
                    YamlNode.Mapping envs = r.mapping(e.value(), p);
                    if (envs != null) {
                        for (YamlNode.Entry env : envs.entries().values()) {
                            declared.get(name).add(env.key());
                            String envPath = KeyPaths.child(p, env.key());
                            boolean envOk = validName(env, envPath, "environment");
                            Target target = nameOk && envOk ? Target.of(name, env.key()) : null;
                            EnvironmentConfig c = binder.bind(target, env.value(), env, envPath, null);
                            if (c != null) {
                                environments.put(env.key(), c);
                            }
                        }
                    }
                }
                default -> {
                    if (binder.schemas().allEnvironmentKeys().contains(e.key())) {
                        r.problems()
                                .atKey(
                                        e,
                                        p,
                                        "key '" + e.key() + "' belongs to an environment: move it under " + path
                                                + ".environments.<name>, or under defaults: for every environment");
                    } else {
                        r.problems().unknownKey(e, path, FRAISE_KEYS);
                    }
                }
            }
        }
        if (nameOk && r.problems().size() == before) {
            fraises.put(name, new FraiseConfig(name, type, description, environments));
        }
    }

    /** {@code branch_mapping:}: branch → one {@code {fraise, environment}} or a list of them. */
    public Map<String, List<Target>> branchMapping(YamlNode.@Nullable Entry section) {
        Map<String, List<Target>> out = new LinkedHashMap<>();
        YamlNode.Mapping m = section == null ? null : r.mapping(section.value(), "branch_mapping");
        if (m == null) {
            return out;
        }
        for (YamlNode.Entry e : m.entries().values()) {
            String path = KeyPaths.child("branch_mapping", e.key());
            String refProblem = RefNames.problem(e.key());
            if (refProblem != null) {
                r.problems().atKey(e, path, RefNames.message(e.key(), refProblem));
            }
            List<Target> targets = new ArrayList<>();
            if (e.value() instanceof YamlNode.Mapping one) {
                addTarget(one, path, targets);
            } else if (e.value() instanceof YamlNode.Sequence list) {
                for (int i = 0; i < list.items().size(); i++) {
                    YamlNode item = list.items().get(i);
                    String itemPath = KeyPaths.item(path, i);
                    if (item instanceof YamlNode.Mapping im) {
                        addTarget(im, itemPath, targets);
                    } else {
                        r.problems().at(item, itemPath, "expected {fraise: …, environment: …}, got " + item.describe());
                    }
                }
            } else {
                r.problems()
                        .at(
                                e.value(),
                                path,
                                "expected {fraise: …, environment: …} or a list of them, got "
                                        + e.value().describe());
            }
            out.put(e.key(), List.copyOf(targets));
        }
        return out;
    }

    private void addTarget(YamlNode.Mapping m, String path, List<Target> targets) {
        for (YamlNode.Entry e : m.entries().values()) {
            if (!TARGET_KEYS.contains(e.key())) {
                r.problems().unknownKey(e, path, TARGET_KEYS);
            }
        }
        String fraise = required(m, path, "fraise");
        String environment = required(m, path, "environment");
        if (fraise == null) {
            return;
        }
        Set<String> envs = declared.get(fraise);
        if (envs == null) {
            YamlNode at = m.entries().get("fraise").value();
            r.problems()
                    .at(
                            at,
                            KeyPaths.child(path, "fraise"),
                            "no fraise '" + fraise + "' is configured" + DidYouMean.suffix(fraise, declared.keySet())
                                    + choices("fraises", declared.keySet()));
            return;
        }
        if (environment == null) {
            return;
        }
        if (!envs.contains(environment)) {
            YamlNode at = m.entries().get("environment").value();
            r.problems()
                    .at(
                            at,
                            KeyPaths.child(path, "environment"),
                            "fraise '" + fraise + "' has no environment '" + environment + "'"
                                    + DidYouMean.suffix(environment, envs) + choices("environments", envs));
            return;
        }
        if (Names.isValid(fraise) && Names.isValid(environment)) {
            Target t = Target.of(fraise, environment);
            if (!targets.contains(t)) {
                targets.add(t);
            }
        }
    }

    private @Nullable String required(YamlNode.Mapping m, String path, String key) {
        YamlNode.Entry e = m.entries().get(key);
        if (e == null) {
            r.problems().add(m.line(), m.column(), path, "missing required key '" + key + "'");
            return null;
        }
        return r.string(e.value(), KeyPaths.child(path, key));
    }

    private boolean validName(YamlNode.Entry entry, String path, String what) {
        if (Names.isValid(entry.key())) {
            return true;
        }
        r.problems()
                .atKey(
                        entry,
                        path,
                        what + " name '" + entry.key() + "' is not valid: expected " + Names.GRAMMAR
                                + " (letters, digits, '.', '_', '-'; at most 64)");
        return false;
    }

    private static String choices(String what, Set<String> names) {
        if (names.isEmpty()) {
            return what.equals("fraises") ? "; no fraise is configured at all" : "; it has no environments";
        }
        return "; configured " + what + ": " + String.join(", ", names);
    }
}
