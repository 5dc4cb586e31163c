package io.fraisier.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class UncheckedTest {
    @Test
    void aRuntimeFailure_isRethrownAsItWas_soAFraisierExceptionKeepsItsCode() {
        FraisierException failure = new FraisierException(ErrorCode.PROVIDER_UNREACHABLE, "no daemon");

        assertThat(Unchecked.cause(new ExecutionException(failure))).isSameAs(failure);
    }

    @Test
    void anError_isThrown() {
        OutOfMemoryError error = new OutOfMemoryError("heap");

        assertThatThrownBy(() -> Unchecked.cause(new ExecutionException(error))).isSameAs(error);
    }

    @Test
    void aCheckedFailure_isWrapped() {
        IOException io = new IOException("disk");

        assertThat(Unchecked.cause(new ExecutionException(io)))
                .isInstanceOf(IllegalStateException.class)
                .hasCause(io);
    }
}
