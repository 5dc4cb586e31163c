package io.fraisier.core.internal.engine;

import io.fraisier.core.config.Scrubber;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.spi.DeploymentEventStore;
import io.fraisier.core.spi.DeploymentListener;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tells every listener of each step of a deployment, then writes it to the event store. A listener that
 * throws is logged and ignored: progress displays and metrics must never break a deployment; nor does a
 * store that cannot write now (see {@link #event}). Every message is
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
    /** Events the store could not take yet, oldest first; guarded by itself. */
    private final ArrayDeque<DeploymentEvent> pending = new ArrayDeque<>();
    /** Events given up because more than {@link #MAX_PENDING} were waiting; guarded by {@link #pending}. */
    private long dropped;

    /** The most events kept while the store cannot write. */
    static final int MAX_PENDING = 10_000;

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

    /**
     * Shows the event to the listeners, then stores it. A store that cannot write now never fails the
     * step that reports the event: a provider reports its steps from inside its own work (between stopping
     * the old container and starting the new one, say), and a database blip there must not abort it,
     * skip the rollback or hide why the step failed. The event is kept and stored with the next one, or by
     * {@link #flush()} once the run has written its end; at most {@link #MAX_PENDING} are kept.
     */
    public void event(Deployment d, String step, DeploymentEvent.Level level, String message) {
        DeploymentEvent e = new DeploymentEvent(d.id(), clock.instant(), step, level, scrubber.scrub(message));
        tell(l -> l.onEvent(d, e));
        synchronized (pending) {
            pending.addLast(e);
            if (pending.size() > MAX_PENDING) {
                pending.removeFirst();
                dropped++;
            }
            drain();
        }
    }

    /**
     * Stores the events that could not be stored when they happened; logs what is still left.
     *
     * @return how many are still waiting
     */
    public int flush() {
        synchronized (pending) {
            drain();
            if (!pending.isEmpty() || dropped > 0) {
                Log.LOG.log(
                        System.Logger.Level.WARNING,
                        pending.size() + " deployment event(s) could not be stored yet (kept to retry), " + dropped
                                + " dropped: the database refused them; the listeners saw them all");
                dropped = 0; // said once
            }
            return pending.size();
        }
    }

    /** Stores the waiting events in order, until the store refuses one it may take later. */
    private void drain() {
        while (!pending.isEmpty()) {
            DeploymentEvent next = pending.peekFirst();
            try {
                events.append(next);
                pending.removeFirst();
            } catch (RuntimeException ex) {
                if (ex instanceof FraisierException fe && fe.code() == ErrorCode.DATABASE_UNAVAILABLE) {
                    return; // kept: the database may be back for the next event or the flush
                }
                pending.removeFirst();
                Log.LOG.log(System.Logger.Level.WARNING, "deployment event refused by the store (dropped): " + ex);
            }
        }
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
