package io.fraisier.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the availability probes periodically, away from scrapes. Injected so that tests drive time by hand.
 * Implementations are thread-safe.
 */
public interface ProbeScheduler extends AutoCloseable {
    /** Runs {@code task} now and then every {@code interval} until {@link #close()}. */
    void runEvery(Duration interval, Runnable task);

    /** Stops running tasks; a task already running is interrupted. */
    @Override
    void close();

    /** A scheduler backed by one daemon thread, so a forgotten exporter never keeps the JVM alive. */
    static ProbeScheduler daemonThread() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fraisier-availability-probes");
            thread.setDaemon(true);
            return thread;
        });
        return new ProbeScheduler() {
            @Override
            public void runEvery(Duration interval, Runnable task) {
                // fixed delay: a slow probe round never queues a burst of catch-up rounds
                executor.scheduleWithFixedDelay(task, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
