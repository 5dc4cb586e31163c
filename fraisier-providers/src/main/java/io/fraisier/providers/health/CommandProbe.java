package io.fraisier.providers.health;

import io.fraisier.core.model.ProbeResult;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Healthy when {@code /bin/sh -c command} exits 0 within the timeout; killed when it does not. Runs
 * wherever its {@link CommandRunner} runs (this host, or the target over SSH).
 *
 * <p>Thread-safe when its runner is.
 */
public final class CommandProbe {
    private final CommandRunner runner;

    public CommandProbe(CommandRunner runner) {
        this.runner = runner;
    }

    public ProbeResult probe(String command, @Nullable String workDir, Map<String, String> env, Duration timeout) {
        CommandResult result = runner.run(
                CommandSpec.shell("health", command, timeout).in(workDir).withEnv(env));
        if (result.timedOut()) {
            return ProbeResult.unhealthy("command timed out after " + Durations.human(timeout), result.took());
        }
        if (!result.started()) {
            return ProbeResult.unhealthy("command could not start: " + result.output(), result.took());
        }
        String last = result.lastLine();
        String detail = "exit " + result.exitCode() + (last.isEmpty() ? "" : ": " + abbreviate(last));
        return new ProbeResult(result.exitCode() == 0, detail, result.took());
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
