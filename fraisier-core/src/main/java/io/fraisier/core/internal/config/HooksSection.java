package io.fraisier.core.internal.config;

import io.fraisier.core.config.Hooks;
import io.fraisier.core.config.KeyPaths;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code hooks:} block of an environment or of {@code defaults:}. Its fields are held under flat
 * names ({@code hooks.pre_deploy}, …) so that an environment overrides {@code defaults:} hook by hook. A
 * hook is the path of an executable (no arguments, no shell); a relative path is resolved against the
 * directory of {@code fraises.yaml} (the working directory for text without a file), and must name an
 * executable file when the file is read, so that {@code fraisier config validate} finds a missing one.
 *
 * <p>Stateless.
 */
final class HooksSection {
    static final String BLOCK = "hooks";

    /** Field of the block → flat key. */
    static final Map<String, String> FIELDS = fields();

    private HooksSection() {}

    /** Whether {@code key} is the flat name of a hook field. */
    static boolean isHookKey(String key) {
        return FIELDS.containsValue(key);
    }

    /** The field's value: a {@link Path} to an executable, or the timeout; null when invalid (reported). */
    static @Nullable Object convert(String field, YamlNode node, String keyPath, ValueReader reader) {
        if (field.equals("timeout")) {
            return reader.seconds(node, keyPath);
        }
        String text = reader.string(node, keyPath);
        if (text == null) {
            return null;
        }
        Path file = reader.problems().file();
        Path base = file == null
                ? Path.of("").toAbsolutePath()
                : file.toAbsolutePath().normalize().getParent();
        Path resolved;
        try {
            resolved = base.resolve(text).normalize();
        } catch (InvalidPathException e) {
            reader.problems().at(node, keyPath, "is not a valid path: " + e.getMessage());
            return null;
        }
        String relative = Path.of(text).isAbsolute() ? "" : " (relative paths are resolved against " + base + ")";
        if (!Files.exists(resolved)) {
            String arguments = text.strip().contains(" ")
                    ? "; a hook is the path of an executable, without arguments: put the command in a script"
                    : "";
            reader.problems().at(node, keyPath, "hook script " + resolved + " does not exist" + relative + arguments);
            return null;
        }
        if (!Files.isRegularFile(resolved)) {
            reader.problems().at(node, keyPath, "hook script " + resolved + " is not a file" + relative);
            return null;
        }
        if (!Files.isExecutable(resolved)) {
            reader.problems()
                    .at(
                            node,
                            keyPath,
                            "hook script " + resolved + " is not executable by this user (chmod +x " + resolved + ")");
            return null;
        }
        return resolved;
    }

    /** The hooks of merged environment values. */
    static Hooks build(Map<String, Object> values) {
        Object timeout = values.get(FIELDS.get("timeout"));
        return new Hooks(
                (Path) values.get(FIELDS.get(Hooks.PRE_DEPLOY)),
                (Path) values.get(FIELDS.get(Hooks.POST_DEPLOY)),
                (Path) values.get(FIELDS.get(Hooks.ON_FAILURE)),
                timeout == null ? Hooks.DEFAULT_TIMEOUT : (Duration) timeout);
    }

    /** The path of a field, for messages. */
    static String path(String scopePath, String field) {
        return KeyPaths.child(KeyPaths.child(scopePath, BLOCK), field);
    }

    private static Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : new String[] {Hooks.PRE_DEPLOY, Hooks.POST_DEPLOY, Hooks.ON_FAILURE, "timeout"}) {
            m.put(f, BLOCK + "." + f);
        }
        return Collections.unmodifiableMap(m);
    }
}
