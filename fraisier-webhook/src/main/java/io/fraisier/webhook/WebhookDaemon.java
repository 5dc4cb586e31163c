package io.fraisier.webhook;

import io.fraisier.core.api.Fraisier;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook daemon: the HTTP receiver and the deployment workers over one {@link Fraisier}. The
 * composition root builds the {@code Fraisier} (config, store, providers) and hands it here.
 *
 * <p>Stopping is graceful: health answers 503 at once (a load balancer moves away), running deployments
 * get the drain time to finish, unstarted claims go back to the queue. Webhooks that arrive meanwhile are
 * still stored and queued (202), for the next daemon on the database to run: the git hosts do not redeliver
 * on their own. Then new webhooks are answered 503 while the last ones being stored finish, and the
 * listener closes.
 *
 * <p>Thread-safe. {@link #start()} once, {@link #stop()} once.
 */
public final class WebhookDaemon implements AutoCloseable {
    /** systemd's default {@code TimeoutStopSec} is 90 s; drain a little less so the stop stays clean. */
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(80);

    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDaemon.class);

    private final WebhookServer server;
    private final DeploymentWorkers workers;
    private final Duration drain;
    private final @org.jspecify.annotations.Nullable NotificationLoop notifications;

    public WebhookDaemon(Fraisier fraisier, Clock clock, Duration drain) {
        this(fraisier, clock, drain, POLL_INTERVAL);
    }

    WebhookDaemon(Fraisier fraisier, Clock clock, Duration drain, Duration pollInterval) {
        Objects.requireNonNull(fraisier, "fraisier");
        this.drain = Objects.requireNonNull(drain, "drain");
        this.workers =
                new DeploymentWorkers(fraisier, fraisier.config().webhook().workers(), clock, pollInterval);
        this.server = new WebhookServer(fraisier, clock, workers::busy, workers::wake);
        this.notifications = fraisier.config().notifications().isEmpty()
                ? null
                : new NotificationLoop(fraisier, clock, pollInterval);
    }

    public WebhookDaemon start() {
        workers.start();
        server.start();
        if (notifications != null) {
            notifications.start();
        }
        return this;
    }

    /** The HTTP port (the chosen one when {@code webhook.port} is 0). */
    public int port() {
        return server.port();
    }

    DeploymentWorkers workers() {
        return workers;
    }

    /** Drains the workers (webhooks are still stored meanwhile), then stops accepting and closes the listener. */
    public void stop() {
        LOG.info(
                "Stopping: no new deployment starts here (webhooks are still stored and queued); draining"
                        + " running deployments for up to {} s",
                drain.toSeconds());
        server.drain();
        workers.stop(drain);
        if (notifications != null) {
            notifications.stop(Duration.ofSeconds(3));
        }
        server.stop();
        LOG.info("Stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
