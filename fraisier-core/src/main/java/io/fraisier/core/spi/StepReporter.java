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

    StepReporter NONE = (step, message) -> {};
}
