package io.fraisier.providers.shell;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How a command ended.
 *
 * @param started whether the program could be started at all
 * @param exitCode its exit status ({@link #NOT_STARTED} when it could not be started)
 * @param timedOut whether it was killed because it ran out of time
 * @param output the end of its combined stdout and stderr, credentials redacted
 * @param took how long it ran
 * @param warnings what the runner found wrong around a command that succeeded (a process it left writing to its
 *     output), for the caller to record where an operator looks; empty almost always
 */
public record CommandResult(
        boolean started, int exitCode, boolean timedOut, String output, Duration took, List<String> warnings) {
    public CommandResult {
        warnings = List.copyOf(warnings);
    }

    /** A result without warnings. */
    public CommandResult(boolean started, int exitCode, boolean timedOut, String output, Duration took) {
        this(started, exitCode, timedOut, output, took, List.of());
    }

    /** The exit status reported for a program that could not be started (as a shell would). */
    public static final int NOT_STARTED = 127;

    /** A program that could not be started; {@code reason} says why (not found, not executable…). */
    public static CommandResult notStarted(String reason) {
        return new CommandResult(false, NOT_STARTED, false, reason, Duration.ZERO);
    }

    public boolean ok() {
        return started && exitCode == 0 && !timedOut;
    }

    /** The last {@code n} non-blank lines of the output. */
    public List<String> lastLines(int n) {
        List<String> lines =
                Arrays.stream(output.split("\\R")).filter(l -> !l.isBlank()).toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    /** The last non-blank output line, or "" when there was none. */
    public String lastLine() {
        List<String> last = lastLines(1);
        return last.isEmpty() ? "" : last.get(0);
    }
}
