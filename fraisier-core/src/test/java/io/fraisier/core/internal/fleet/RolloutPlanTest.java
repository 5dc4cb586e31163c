package io.fraisier.core.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.Rollout;
import io.fraisier.core.config.Rollout.BatchSize;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutPlanTest {
    private static final List<String> NINE = List.of("h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9");

    private static Rollout rollout(int canary, BatchSize size) {
        return new Rollout(canary, size, Duration.ZERO, 0);
    }

    @Test
    void default_deploysOneHostAtATime_inTheOrderListed() {
        assertThat(RolloutPlan.of(List.of("a", "b", "c"), Rollout.DEFAULT).batches())
                .containsExactly(List.of("a"), List.of("b"), List.of("c"));
    }

    @Test
    void canary_comesFirst_thenBatchesOfTheBatchSize_theLastOneShorter() {
        RolloutPlan<String> plan = RolloutPlan.of(NINE, rollout(1, BatchSize.hosts(3)));

        assertThat(plan.batches())
                .containsExactly(
                        List.of("h1"), List.of("h2", "h3", "h4"), List.of("h5", "h6", "h7"), List.of("h8", "h9"));
        assertThat(plan.hostCount()).isEqualTo(9);
        assertThat(plan.describe()).isEqualTo("[h1] [h2, h3, h4] [h5, h6, h7] [h8, h9]");
    }

    @Test
    void percentBatchSize_countsAgainstAllHostsBeingDeployed_roundedUp() {
        assertThat(RolloutPlan.of(NINE, rollout(0, BatchSize.percentOf(50))).batches())
                .containsExactly(List.of("h1", "h2", "h3", "h4", "h5"), List.of("h6", "h7", "h8", "h9"));
        assertThat(RolloutPlan.of(NINE, rollout(0, BatchSize.percentOf(10))).batches())
                .hasSize(9);
        assertThat(RolloutPlan.of(NINE, rollout(0, BatchSize.percentOf(100))).batches())
                .containsExactly(NINE);
        assertThat(BatchSize.percentOf(1).of(3)).isEqualTo(1);
        assertThat(BatchSize.percentOf(34).of(3)).isEqualTo(2);
    }

    @Test
    void canaryLargerThanTheFleet_isTheWholeFleetInOneBatch() {
        assertThat(RolloutPlan.of(List.of("a", "b"), rollout(5, BatchSize.hosts(1)))
                        .batches())
                .containsExactly(List.of("a", "b"));
    }

    @Test
    void batchLargerThanWhatIsLeft_takesTheRest() {
        assertThat(RolloutPlan.of(List.of("a", "b", "c"), rollout(1, BatchSize.hosts(10)))
                        .batches())
                .containsExactly(List.of("a"), List.of("b", "c"));
    }

    @Test
    void noHosts_noBatches() {
        assertThat(RolloutPlan.of(List.<String>of(), Rollout.DEFAULT).batches()).isEmpty();
    }
}
