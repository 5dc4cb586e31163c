package io.fraisier.metrics;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.spi.DeploymentListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;

/**
 * Records what only the process running a deployment sees (health attempts, lock waits) into Micrometer
 * meters. These are process-local on purpose: the durable counters in the database cover deployments, and
 * one row per health attempt or lock wait would cost more than the signal is worth (see
 * {@code monitoring/README.md}). Records nothing when metrics are disabled. Thread-safe; never throws.
 */
public final class MicrometerDeploymentListener implements DeploymentListener {
    static final String HEALTH_ATTEMPTS = "fraisier.health.check.attempts";
    static final String LOCK_WAIT = "fraisier.lock.wait";

    /** Lock waits range from nothing to the 300 s default lock_timeout. */
    private static final Duration[] LOCK_WAIT_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120),
        Duration.ofSeconds(300)
    };

    private final MeterRegistry registry;
    private final boolean enabled;

    /**
     * @param registry where the meters live
     * @param enabled from {@link MetricsSettings#enabled}; false makes every callback a no-op
     */
    public MicrometerDeploymentListener(MeterRegistry registry, boolean enabled) {
        this.registry = registry;
        this.enabled = enabled;
    }

    /**
     * Creates the meters of these providers at zero, so that the first health attempt or lock wait is seen
     * by {@code rate()} and {@code increase()} rather than lost as the first sample of a new series.
     */
    public void initialise(Collection<String> providers) {
        if (!enabled) {
            return;
        }
        for (String provider : providers) {
            healthAttempts(provider, true);
            healthAttempts(provider, false);
            lockWait(provider);
        }
    }

    @Override
    public void onHealthAttempt(Deployment deployment, ProbeResult result) {
        if (enabled) {
            healthAttempts(deployment.provider(), result.healthy()).increment();
        }
    }

    @Override
    public void onLockAcquired(Deployment deployment, long waitedMillis) {
        if (enabled) {
            lockWait(deployment.provider()).record(Duration.ofMillis(Math.max(0, waitedMillis)));
        }
    }

    private Counter healthAttempts(String provider, boolean healthy) {
        return Counter.builder(HEALTH_ATTEMPTS)
                .description("Health check attempts by provider and result (this process only)")
                .tag("provider", provider)
                .tag("result", healthy ? "healthy" : "unhealthy")
                .register(registry);
    }

    private Timer lockWait(String provider) {
        return Timer.builder(LOCK_WAIT)
                .description("Time a deployment waited for its target's lock, by provider (this process only)")
                .tag("provider", provider)
                .serviceLevelObjectives(LOCK_WAIT_BUCKETS)
                .register(registry);
    }
}
