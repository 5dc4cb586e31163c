package io.fraisier.core.spi;

import java.time.Duration;

/** Waits; injected so that tests of retries, leases and timeouts run in milliseconds. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());
}
