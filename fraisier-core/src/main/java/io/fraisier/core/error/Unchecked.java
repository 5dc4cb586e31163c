package io.fraisier.core.error;

import java.util.concurrent.ExecutionException;

/** Rethrowing what a task run on another thread threw, as it was thrown there. */
public final class Unchecked {
    private Unchecked() {}

    /**
     * The failure of the task behind {@code e}, for {@code throw Unchecked.cause(e)}: its
     * {@link RuntimeException} as it was thrown (a {@link FraisierException} keeps its code and hint), its
     * {@link Error} thrown from here, and a checked exception wrapped in an {@link IllegalStateException}.
     */
    public static RuntimeException cause(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
