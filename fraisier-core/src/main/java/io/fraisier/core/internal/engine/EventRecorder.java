package io.fraisier.core.internal.engine;

import io.fraisier.core.config.Scrubber;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.spi.DeploymentEventStore;
import io.fraisier.core.spi.DeploymentListener;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes each step of a deployment to the event store and tells every listener. A listener that throws
 * is logged and ignored: progress displays and metrics must never break a deployment. Every message is
 * scrubbed of the secrets its {@link Scrubber} knows before it is stored or shown. Thread-safe.
 */
public final class EventRecorder {
    /**
     * Got when first used, not with this class: the JDK's first {@code System.getLogger} looks for a
     * {@code LoggerFinder} with ServiceLoader, which opens every jar of the class path (some 45 ms of a CLI
     * command that only reads).
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(EventRecorder.class.getName());
    }

    private final DeploymentEventStore events;
    private final List<DeploymentListener> listeners;
    private final Clock clock;
    private final Scrubber scrubber;

    public EventRecorder(DeploymentEventStore events, List<DeploymentListener> listeners, Clock clock) {
        this(events, listeners, clock, Scrubber.NONE);
    }

    public EventRecorder(
            DeploymentEventStore events, List<DeploymentListener> listeners, Clock clock, Scrubber scrubber) {
        this.events = events;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        this.scrubber = scrubber;
    }

    public void info(Deployment d, String step, String message) {
        event(d, step, DeploymentEvent.Level.INFO, message);
    }

    public void warn(Deployment d, String step, String message) {
        event(d, step, DeploymentEvent.Level.WARN, message);
    }

    public void error(Deployment d, String step, String message) {
        event(d, step, DeploymentEvent.Level.ERROR, message);
    }

    public void event(Deployment d, String step, DeploymentEvent.Level level, String message) {
        DeploymentEvent e = new DeploymentEvent(d.id(), clock.instant(), step, level, scrubber.scrub(message));
        events.append(e);
        tell(l -> l.onEvent(d, e));
    }

    /** One line of a step's output: scrubbed, then shown to the listeners; not stored. */
    public void output(Deployment d, String step, String line) {
        String scrubbed = scrubber.scrub(line);
        tell(l -> l.onOutput(d, step, scrubbed));
    }

    public void status(Deployment d) {
        tell(l -> l.onStatus(d));
    }

    public void healthAttempt(Deployment d, ProbeResult result) {
        tell(l -> l.onHealthAttempt(d, result));
    }

    public void lockAcquired(Deployment d, long waitedMillis) {
        tell(l -> l.onLockAcquired(d, waitedMillis));
    }

    private void tell(Consumer<DeploymentListener> call) {
        for (DeploymentListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                Log.LOG.log(
                        System.Logger.Level.WARNING,
                        "deployment listener " + l.getClass().getName() + " failed (ignored): " + e);
                Log.LOG.log(System.Logger.Level.DEBUG, "deployment listener failure", e);
            }
        }
    }
}
