package io.fraisier.core.internal.health;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.Sleeper;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an environment's health policy through the provider's probe: up to {@code 1 + retries} attempts,
 * each bounded by the check's timeout, waiting {@link HealthCheck#backoff(int)} (doubling from the
 * interval, capped at 30 s) between them. Stops at the first healthy attempt, or during a wait when the
 * observer asks it to ({@link Observer#stopWaiting()}, about every {@code wakeCheck}). Thread-safe.
 */
public final class HealthPolicy {
    /** How long past its own timeout a probe's answer is awaited before the attempt counts as unhealthy. */
    static final Duration PROBE_GRACE = Duration.ofSeconds(2);

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

    /**
     * One attempt, on a thread of its own, awaited at most the check's timeout plus {@link #PROBE_GRACE}: a
     * provider is asked to honour the timeout itself, but one whose peer stops answering (a Docker daemon's
     * socket, which ignores read timeouts; an SSH host whose commands hang) must not hold the run, and with
     * it the target's lock, for ever. Such an attempt is unhealthy, and its thread is interrupted.
     */
    private static ProbeResult probe(DeploymentProvider provider, HealthCheck check) throws InterruptedException {
        FutureTask<ProbeResult> task = new FutureTask<>(() -> provider.probe(check, check.timeout()));
        Thread.ofPlatform().daemon().name("fraisier-health-probe").start(task);
        Duration bound = check.timeout().plus(PROBE_GRACE);
        try {
            return task.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return ProbeResult.unhealthy(
                    "no answer within " + bound.toMillis() / 1000.0 + " s (the health_check_timeout of "
                            + check.timeout().toMillis() / 1000.0 + " s, plus " + PROBE_GRACE.toSeconds()
                            + " s): the probe was stopped",
                    bound);
        } catch (ExecutionException e) {
            // a probe is supposed to return a verdict; one that throws is an unhealthy attempt, not a crash
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            return ProbeResult.unhealthy(String.valueOf(cause.getMessage()), Duration.ZERO);
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        }
    }
}
