package io.fraisier.core.internal.engine;

import io.fraisier.core.internal.health.HealthPolicy;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.spi.HookRunner;
import io.fraisier.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;

/**
 * What every part of the engine of one {@code Fraisier} instance shares. Immutable; its parts are
 * thread-safe.
 *
 * @param store the database
 * @param providers provider factories by type
 * @param recorder events and listeners
 * @param clock time
 * @param sleeper waits (backoffs, lock polling, provider timeouts)
 * @param renewalTicker how the background lease renewer waits between renewals
 * @param holder this process's lock holder id ({@code host:pid})
 * @param lease the lock lease length; renewed every third of it
 * @param hookRunner runs the environments' hooks on this host
 */
public record EngineServices(
        FraisierStore store,
        ProviderRegistry providers,
        EventRecorder recorder,
        Clock clock,
        Sleeper sleeper,
        Sleeper renewalTicker,
        String holder,
        Duration lease,
        HookRunner hookRunner) {
    HealthPolicy health() {
        // waits between attempts wake as often as the cancel watch may look, so a cancel is seen within seconds
        return new HealthPolicy(sleeper, CancelWatch.POLL);
    }

    TimedProviderCall timedCall() {
        return new TimedProviderCall(clock, sleeper);
    }

    /** How often a waiting engine wakes to renew its lease: a third of it. */
    Duration renewEvery() {
        return lease.dividedBy(3);
    }
}
