package io.fraisier.providers.shell;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;

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
