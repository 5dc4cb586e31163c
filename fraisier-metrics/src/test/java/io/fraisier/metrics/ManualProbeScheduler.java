package io.fraisier.metrics;

import io.fraisier.testkit.fake.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A scheduler that runs its tasks only when the test moves time forward. */
final class ManualProbeScheduler implements ProbeScheduler {
    private record Job(Duration interval, Runnable task) {}

    private final List<Job> jobs = new ArrayList<>();
    private final ManualClock clock;
    private boolean closed;

    ManualProbeScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void runEvery(Duration interval, Runnable task) {
        jobs.add(new Job(interval, task));
        task.run();
    }

    /** Moves the clock forward step by step, running each task whenever one of its intervals has elapsed. */
    synchronized void advance(Duration by) {
        Duration step = Duration.ofSeconds(1);
        for (Duration done = Duration.ZERO; done.compareTo(by) < 0; done = done.plus(step)) {
            clock.advance(step);
            long elapsedSeconds = clock.elapsed().toSeconds();
            for (Job job : jobs) {
                if (!closed && elapsedSeconds % job.interval().toSeconds() == 0) {
                    job.task().run();
                }
            }
        }
    }

    synchronized Duration interval() {
        return jobs.getFirst().interval();
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
