package io.fraisier.core.config;

import java.time.Duration;

/**
 * The {@code metrics:} block. {@code FRAISIER_METRICS_ENABLED=false} in the environment overrides
 * {@code enabled}.
 *
 * @param enabled record metrics (default true)
 * @param address {@code fraisier metrics} listen address (default {@code localhost})
 * @param port {@code fraisier metrics} port (default 8001)
 * @param probeInterval time between provider availability probes (default 60 s)
 */
public record MetricsConfig(boolean enabled, String address, int port, Duration probeInterval) {
    public static MetricsConfig defaults() {
        return new MetricsConfig(true, "localhost", 8001, Duration.ofSeconds(60));
    }
}
