package io.fraisier.providers.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exit marker's line ends a command's output without being part of it, however the stream is cut. */
class OutputTailTest {
    private static final String MARKER = "fraisier-exit-1a2b3c ";

    private static void feed(OutputTail tail, String text, int chunk) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            tail.appendOutput(bytes, i, Math.min(chunk, bytes.length - i));
        }
    }

    @Test
    void theMarkerLine_givesTheStatus_andIsNotOutput_inChunksOfAnySize() {
        String text = "installing\nfraisier-not-the-marker\nf\n" + MARKER + "0\nservice-line after it\n";
        for (int chunk : new int[] {1, 2, 3, 7, 1000}) {
            OutputTail tail = new OutputTail(4096, MARKER);

            feed(tail, text, chunk);

            assertThat(tail.exited().getNow(-1)).as("chunk %d", chunk).isEqualTo(0);
            assertThat(tail.text())
                    .as("chunk %d", chunk)
                    .isEqualTo("installing\nfraisier-not-the-marker\nf\nservice-line after it\n");
        }
    }

    @Test
    void aNonZeroStatus_andALineThatOnlyLooksLikeIt_areToldApart() {
        OutputTail tail = new OutputTail(4096, MARKER);

        feed(tail, MARKER + "12x\n" + MARKER + "1234\n" + MARKER + "\n" + MARKER + "127\n", 5);

        assertThat(tail.exited().getNow(-1)).isEqualTo(127);
        assertThat(tail.text()).isEqualTo(MARKER + "12x\n" + MARKER + "1234\n" + MARKER + "\n");
    }

    @Test
    void outputThatEndsWithoutTheMarker_keepsItsLastLine_andEndsWithNoStatus() {
        OutputTail tail = new OutputTail(4096, MARKER);

        feed(tail, "killed before the end\nfraisier-ex", 4);
        tail.finish();

        assertThat(tail.exited()).isCompletedWithValue(null);
        assertThat(tail.text()).isEqualTo("killed before the end\nfraisier-ex");
    }

    @Test
    void withoutAMarker_everythingIsOutput() {
        OutputTail tail = new OutputTail(4096);

        feed(tail, MARKER + "0\n", 3);

        assertThat(tail.text()).isEqualTo(MARKER + "0\n");
        assertThat(tail.exited()).isNotDone();
    }
}
