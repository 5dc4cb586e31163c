package io.fraisier.webhook;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.Scrubber;
import io.fraisier.providers.notify.NotificationDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's delivery loop: every poll interval, sends the outbox's due notifications (those of its own
 * deployments, and those CLI runs left behind when a receiver was down). One thread; it never touches a
 * deployment. Runs only when {@code notifications:} names a channel.
 */
final class NotificationLoop {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationLoop.class);
    /** The longest one pass may take, so that stopping the daemon never waits long for it. */
    static final Duration PASS_BUDGET = Duration.ofSeconds(20);

    private final NotificationDispatcher dispatcher;
    private final Duration interval;
    private volatile boolean running;
    private @Nullable Thread thread;

    NotificationLoop(Fraisier fraisier, Clock clock, Duration interval) {
        this.dispatcher = NotificationDispatcher.standard(
                fraisier.notificationOutbox(),
                fraisier.config().notifications(),
                Scrubber.of(fraisier.config(), Map.of()),
                clock,
                "daemon-" + ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID());
        this.interval = interval;
    }

    synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name("fraisier-notifications").daemon(true).start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                dispatcher.deliverDue(PASS_BUDGET);
            } catch (RuntimeException e) {
                LOG.warn("notification delivery pass failed: {}", e.getMessage());
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the loop, then makes one last short pass (the notifications of the drained deployments). */
    synchronized void stop(Duration lastPass) {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(PASS_BUDGET.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        dispatcher.deliverDue(lastPass);
    }
}
