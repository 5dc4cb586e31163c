package io.fraisier.providers.shell;

import io.fraisier.core.spi.HookRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs hooks on this host with a {@link LocalCommandRunner}: the script is run as it is (no shell, no
 * arguments) in its own directory, in its own process group (killed with everything it started when it
 * overruns its timeout or Fraisier is interrupted), with an environment built from the process basics
 * ({@link CommandEnvironment}: never Fraisier's own variables, its database URL, tokens or the variables
 * {@code fraises.yaml} reads secrets from) and the engine's {@code FRAISIER_*} variables. Its output is
 * followed line by line.
 *
 * <p>Thread-safe (immutable).
 */
public final class LocalHookRunner implements HookRunner {
    /** How many lines of output a result keeps. */
    static final int TAIL_LINES = 20;

    private final CommandRunner runner;

    /** Hooks start from the basics of this process's environment. */
    public LocalHookRunner() {
        this(System.getenv());
    }

    /** Hooks start from the basics of {@code processEnvironment} ({@link CommandEnvironment}). */
    public LocalHookRunner(Map<String, String> processEnvironment) {
        this(new LocalCommandRunner(processEnvironment));
    }

    LocalHookRunner(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public Result run(Call call, Consumer<String> output) {
        Path script = call.script().toAbsolutePath();
        Path dir = script.getParent();
        CommandSpec spec = new CommandSpec(
                call.hook(),
                List.of(script.toString()),
                dir == null ? null : dir.toString(),
                call.env(),
                call.timeout(),
                script.toString());
        CommandResult result = runner.run(spec, output);
        if (!result.started()) {
            return new Result(false, result.exitCode(), false, List.of(), result.took(), result.output());
        }
        return new Result(
                true,
                result.exitCode(),
                result.timedOut(),
                result.lastLines(TAIL_LINES),
                result.took(),
                "",
                result.warnings());
    }
}
