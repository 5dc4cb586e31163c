package io.fraisier.core.spi;

/** Where a provider reports its steps; each becomes a deployment event. Thread-safe. */
@FunctionalInterface
public interface StepReporter {
    /**
     * @param step short stable name ({@code fetch}, {@code checkout}, {@code install}, {@code restart})
     * @param message what is happening, never a secret
     */
    void step(String step, String message);

    StepReporter NONE = (step, message) -> {};
}
