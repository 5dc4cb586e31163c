package io.fraisier.core.model;

import java.time.Duration;

/**
 * The verdict of one health attempt.
 *
 * @param healthy whether it passed
 * @param detail what was seen ({@code HTTP 200}, {@code connection refused}, {@code exit 1}), never a secret
 * @param took how long it took
 */
public record ProbeResult(boolean healthy, String detail, Duration took) {
    public static ProbeResult healthy(String detail, Duration took) {
        return new ProbeResult(true, detail, took);
    }

    public static ProbeResult unhealthy(String detail, Duration took) {
        return new ProbeResult(false, detail, took);
    }
}
