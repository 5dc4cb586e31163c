package io.fraisier.providers.shell;

import io.fraisier.core.config.Secret;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One command to run: an argument list (never a shell line, unless it is the explicit
 * {@code /bin/sh -c} of an operator-written command), where, with which extra environment and for how
 * long.
 *
 * @param step the deployment step it belongs to ({@code fetch}, {@code install}…), for messages
 * @param argv program and arguments
 * @param workDir where it runs; null = the runner's default
 * @param env variables added to the runner's basic environment ({@link CommandEnvironment})
 * @param timeout after this the process tree is killed
 * @param display how the command is shown to humans (credentials redacted)
 * @param secretEnv variables given to this command only and never shown or placed on a command line:
 *     on this host they are part of its environment, over SSH they are sent on its stdin
 */
public record CommandSpec(
        String step,
        List<String> argv,
        @Nullable String workDir,
        Map<String, String> env,
        Duration timeout,
        String display,
        Map<String, Secret> secretEnv) {
    public static final String SHELL = "/bin/sh";

    public CommandSpec(
            String step,
            List<String> argv,
            @Nullable String workDir,
            Map<String, String> env,
            Duration timeout,
            String display) {
        this(step, argv, workDir, env, timeout, display, Map.of());
    }

    public CommandSpec {
        Objects.requireNonNull(step, "step");
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(display, "display");
        secretEnv = Collections.unmodifiableMap(new LinkedHashMap<>(secretEnv));
    }

    /** A program with its arguments, shown as the arguments joined by spaces. */
    public static CommandSpec of(String step, List<String> argv, Duration timeout) {
        return new CommandSpec(step, argv, null, Map.of(), timeout, String.join(" ", argv));
    }

    /** An operator-written shell command ({@code install_command}, …), run as {@code /bin/sh -c command}. */
    public static CommandSpec shell(String step, String command, Duration timeout) {
        return new CommandSpec(step, List.of(SHELL, "-c", command), null, Map.of(), timeout, command);
    }

    public CommandSpec in(@Nullable String dir) {
        return new CommandSpec(step, argv, dir, env, timeout, display, secretEnv);
    }

    public CommandSpec withEnv(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(extra);
        return new CommandSpec(step, argv, workDir, merged, timeout, display, secretEnv);
    }

    public CommandSpec shownAs(String shown) {
        return new CommandSpec(step, argv, workDir, env, timeout, shown, secretEnv);
    }

    /** This command with {@code secrets} added to {@link #secretEnv()}. */
    public CommandSpec withSecretEnv(Map<String, Secret> secrets) {
        Map<String, Secret> merged = new LinkedHashMap<>(secretEnv);
        merged.putAll(secrets);
        return new CommandSpec(step, argv, workDir, env, timeout, display, merged);
    }
}
