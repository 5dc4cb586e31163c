package io.fraisier.core.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnhealthyBudgetTest {
    @Test
    void zeroAllowed_stopsAtTheFirstFailure() {
        UnhealthyBudget budget = new UnhealthyBudget(0);

        assertThat(budget.exceeded()).isFalse();
        assertThat(budget.fail("web2")).isTrue();
        assertThat(budget.failed()).containsExactly("web2");
    }

    @Test
    void failuresWithinTheAllowance_goOn_andTheNextOneStops() {
        UnhealthyBudget budget = new UnhealthyBudget(2);

        assertThat(budget.fail("a")).isFalse();
        assertThat(budget.left()).isEqualTo(1);
        assertThat(budget.fail("b")).isFalse();
        assertThat(budget.left()).isZero();
        assertThat(budget.fail("c")).isTrue();
        assertThat(budget.failed()).containsExactly("a", "b", "c");
    }

    @Test
    void negativeAllowance_isRefused() {
        assertThatThrownBy(() -> new UnhealthyBudget(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
