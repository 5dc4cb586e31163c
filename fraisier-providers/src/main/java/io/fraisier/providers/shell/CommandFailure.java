package io.fraisier.providers.shell;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.util.List;

/** Builds the error of a failed command: step, command, exit status or timeout, last output lines. */
public final class CommandFailure {
    /** How many output lines a failure message carries. */
    public static final int TAIL_LINES = 15;

    private CommandFailure() {}

    public static FraisierException of(ErrorCode code, CommandSpec spec, CommandResult result, String hint) {
        StringBuilder message = new StringBuilder("Step '").append(spec.step()).append("' ");
        if (result.timedOut()) {
            message.append("timed out after ")
                    .append(seconds(spec))
                    .append(" and was killed: `")
                    .append(spec.display())
                    .append('`');
        } else if (!result.started()) {
            message.append("could not start `").append(spec.display()).append('`');
        } else {
            message.append("failed: `")
                    .append(spec.display())
                    .append("` exited with status ")
                    .append(result.exitCode());
        }
        if (spec.workDir() != null) {
            message.append(" (in ").append(spec.workDir()).append(')');
        }
        List<String> tail = result.lastLines(TAIL_LINES);
        if (tail.isEmpty()) {
            message.append(". It printed nothing.");
        } else {
            message.append(". Last output:");
            tail.forEach(line -> message.append("\n  ").append(line));
        }
        return new FraisierException(code, message.toString(), hint);
    }

    private static String seconds(CommandSpec spec) {
        long millis = spec.timeout().toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
