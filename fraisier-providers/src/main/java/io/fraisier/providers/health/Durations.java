package io.fraisier.providers.health;

import java.time.Duration;

/** Short human forms of durations for probe details ({@code 5 s}, {@code 250 ms}). */
final class Durations {
    private Durations() {}

    static String human(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
