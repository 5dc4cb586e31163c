package io.fraisier.core.spi;

/** Where a provider reports its steps; each becomes a deployment event. Thread-safe. */
@FunctionalInterface
public interface StepReporter {
    /**
     * @param step short stable name ({@code fetch}, {@code checkout}, {@code install}, {@code restart})
     * @param message what is happening, never a secret
     */
    void step(String step, String message);

    /**
     * One line of output of a command the step runs (an operator's {@code install_command},
     * {@code restart_command}), as it comes. Shown under {@code -v}; not stored. Default: dropped.
     *
     * @param step the step the command belongs to
     * @param line the line, without its line break
     */
    default void output(String step, String line) {}

    /**
     * Something wrong the step found that did not fail it (a process an operator's command left writing to
     * Fraisier's output), stored as a warning event of the step. Default: {@link #step}.
     *
     * @param step the step it belongs to
     * @param message what is wrong and what to do, never a secret
     */
    default void warning(String step, String message) {
        step(step, message);
    }

    StepReporter NONE = (step, message) -> {};
}
