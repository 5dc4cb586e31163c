package io.fraisier.core.spi;

import java.time.Duration;

/**
 * {@link Sleeper#SYSTEM}: waits with {@link Thread#sleep}. A class rather than a lambda in the interface:
 * the JDK's AOT cache did not hold that lambda's class, so every command that built a {@code Fraisier}
 * spun it at run time, with the class-file machinery that takes (docs/PERFORMANCE.md).
 */
final class ThreadSleeper implements Sleeper {
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
