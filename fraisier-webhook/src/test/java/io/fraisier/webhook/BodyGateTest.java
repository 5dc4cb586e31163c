package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class BodyGateTest {
    @Test
    void oneClientPastItsShare_gets429WithRetryAfter_othersStillEnter() {
        BodyGate gate = new BodyGate(2, 100, 1 << 20);
        BodyGate.Slot first = gate.enter("a");
        gate.enter("a");

        RequestRejected refused = catchThrowableOfType(RequestRejected.class, () -> gate.enter("a"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfterSeconds()).isPositive();
        assertThat(gate.enter("b")).isNotNull();
        first.close();
        first.close(); // closing twice frees one slot only
        assertThat(gate.enter("a")).isNotNull();
        assertThat(catchThrowableOfType(RequestRejected.class, () -> gate.enter("a"))
                        .status())
                .isEqualTo(429);
    }

    @Test
    void pastTheDaemonWideShare_gets503WithRetryAfter() {
        BodyGate gate = new BodyGate(10, 2, 1 << 20);
        gate.enter("a");
        BodyGate.Slot b = gate.enter("b");

        RequestRejected refused = catchThrowableOfType(RequestRejected.class, () -> gate.enter("c"));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfterSeconds()).isPositive();
        b.close();
        assertThat(gate.enter("c")).isNotNull();
    }

    @Test
    void byteBudget_refusesWhatWouldExceedIt_andIsGivenBack() {
        BodyGate gate = new BodyGate(10, 10, 1000);
        gate.reserve(600);

        RequestRejected refused = catchThrowableOfType(RequestRejected.class, () -> gate.reserve(500));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.getMessage()).contains("memory budget");
        assertThat(gate.reserved()).isEqualTo(600);
        gate.release(600);
        gate.reserve(500);
        assertThat(gate.reserved()).isEqualTo(500);
    }

    @Test
    void oneBodyAlone_isAlwaysAdmitted_evenPastTheBudget() {
        BodyGate gate = new BodyGate(10, 10, 1000);

        gate.reserve(5000);

        assertThat(gate.reserved()).isEqualTo(5000);
    }
}
