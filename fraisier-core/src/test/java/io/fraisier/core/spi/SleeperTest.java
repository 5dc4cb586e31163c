package io.fraisier.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default wake-aware wait, which the real sleeper uses between health-check attempts. */
class SleeperTest {
    private final List<Duration> slices = new ArrayList<>();
    private final Sleeper recording = slices::add;

    @Test
    void aWaitNeverWoken_runsItsWholeDurationInSlicesOfTheCheck() throws InterruptedException {
        boolean woken = recording.sleep(Duration.ofMillis(2500), Duration.ofSeconds(1), () -> false);

        assertThat(woken).isFalse();
        assertThat(slices).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500));
    }

    @Test
    void aWaitWoken_stopsAtTheNextCheck() throws InterruptedException {
        boolean woken = recording.sleep(Duration.ofSeconds(30), Duration.ofSeconds(1), () -> slices.size() == 2);

        assertThat(woken).isTrue();
        assertThat(slices).hasSize(2);
    }
}
