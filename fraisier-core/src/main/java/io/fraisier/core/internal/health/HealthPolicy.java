package io.fraisier.core.internal.health;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.Sleeper;
import java.time.Duration;

/**
 * Runs an environment's health policy through the provider's probe: up to {@code 1 + retries} attempts,
 * each bounded by the check's timeout, waiting {@link HealthCheck#backoff(int)} (doubling from the
 * interval, capped at 30 s) between them. Stops at the first healthy attempt, or during a wait when the
 * observer asks it to ({@link Observer#stopWaiting()}, about every {@code wakeCheck}). Thread-safe.
 */
public final class HealthPolicy {
    private final Sleeper sleeper;
    private final Duration wakeCheck;

    /**
     * @param wakeCheck how often, during a wait between attempts, the observer is asked whether to stop
     */
    public HealthPolicy(Sleeper sleeper, Duration wakeCheck) {
        this.sleeper = sleeper;
        this.wakeCheck = wakeCheck;
    }

    /** Sees each attempt and each wait; the engine records events and renews its lease there. */
    public interface Observer {
        void attempt(int number, int of, ProbeResult result);

        void waiting(int retry, Duration backoff);

        /**
         * Whether to stop waiting for the next attempt (an operator's cancel, a lost lease); asked during the
         * waits. When it answers true the check ends unhealthy at once, and the caller acts on the reason.
         */
        default boolean stopWaiting() {
            return false;
        }
    }

    /**
     * @throws InterruptedException when the thread is interrupted while waiting between attempts
     */
    public HealthVerdict check(DeploymentProvider provider, HealthCheck check, Observer observer)
            throws InterruptedException {
        if (!check.isConfigured()) {
            return new HealthVerdict(true, 0, "no health check configured");
        }
        int attempts = 1 + Math.max(0, check.retries());
        ProbeResult last = null;
        for (int n = 1; n <= attempts; n++) {
            if (n > 1) {
                Duration backoff = check.backoff(n - 1);
                observer.waiting(n - 1, backoff);
                if (sleeper.sleep(backoff, wakeCheck, observer::stopWaiting)) {
                    return new HealthVerdict(false, n - 1, "stopped while waiting to retry: " + last.detail());
                }
            }
            last = probe(provider, check);
            observer.attempt(n, attempts, last);
            if (last.healthy()) {
                return new HealthVerdict(true, n, last.detail());
            }
        }
        return new HealthVerdict(false, attempts, last.detail());
    }

    private static ProbeResult probe(DeploymentProvider provider, HealthCheck check) {
        try {
            return provider.probe(check, check.timeout());
        } catch (RuntimeException e) {
            // a probe is supposed to return a verdict; one that throws is an unhealthy attempt, not a crash
            return ProbeResult.unhealthy(String.valueOf(e.getMessage()), Duration.ZERO);
        }
    }
}
