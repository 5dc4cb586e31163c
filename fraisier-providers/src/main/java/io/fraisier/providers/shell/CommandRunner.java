package io.fraisier.providers.shell;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.util.function.Consumer;

/**
 * Runs commands somewhere: on this host ({@link LocalCommandRunner}) or on a remote one. Implementations
 * close stdin, enforce {@link CommandSpec#timeout()} by killing the command's process tree, and never
 * throw for a command that fails: that is a {@link CommandResult}.
 */
public interface CommandRunner {
    /**
     * Runs {@code spec} to its end or its timeout.
     *
     * @throws FraisierException with {@link ErrorCode#INTERRUPTED} when the calling thread is interrupted
     *     (the command is killed first)
     */
    CommandResult run(CommandSpec spec);

    /**
     * Runs {@code spec} as {@link #run(CommandSpec)} does, handing each line of its output to
     * {@code output} (credentials redacted). This default hands over the lines of the kept output once
     * the command ended; a runner that can follow the output as it comes does so.
     */
    default CommandResult run(CommandSpec spec, Consumer<String> output) {
        CommandResult result = run(spec);
        if (result.started()) {
            result.output().lines().forEach(output);
        }
        return result;
    }

    /** {@link #runOrFail(CommandSpec, ErrorCode, String)}, handing each line of output to {@code output}. */
    default CommandResult runOrFail(CommandSpec spec, ErrorCode code, String hint, Consumer<String> output) {
        CommandResult result = run(spec, output);
        if (!result.ok()) {
            throw CommandFailure.of(code, spec, result, hint);
        }
        return result;
    }

    /**
     * Runs {@code spec} and returns its result when it succeeded.
     *
     * @throws FraisierException with {@code code}, naming the step, the command, the exit status and the
     *     last lines of output, when it failed or timed out
     */
    default CommandResult runOrFail(CommandSpec spec, ErrorCode code, String hint) {
        CommandResult result = run(spec);
        if (!result.ok()) {
            throw CommandFailure.of(code, spec, result, hint);
        }
        return result;
    }
}
