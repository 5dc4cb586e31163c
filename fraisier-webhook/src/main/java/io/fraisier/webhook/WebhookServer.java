package io.fraisier.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.api.FraisierException;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.webhook.host.GitHost;
import io.fraisier.webhook.host.Headers;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook daemon's HTTP side: {@code POST /webhook}, {@code POST /webhook/{host}}, {@code GET
 * /health} and {@code GET /metrics}, on Javalin.
 *
 * <p>A webhook request goes through the rate limit (429 with {@code Retry-After}), the body size limit
 * (413, from {@code Content-Length} and again while reading), then {@link WebhookReceiver}. Every error
 * is answered as {@code application/problem+json} by one exception handler, and every request is
 * logged on one line (host, event, delivery id, outcome, status, milliseconds), never with a secret or
 * a signature.
 *
 * <p>Thread-safe. {@link #start()} once, {@link #stop()} once.
 */
public final class WebhookServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private static final String LOG_ATTRIBUTE = "fraisier.requestLog";

    private final FraisierConfig config;
    private final FraisierStore store;
    private final WebhookReceiver receiver;
    private final WebhookMetrics metrics;
    private final RateLimiter rateLimiter;
    private final ClientAddresses clients;
    private final Problems problems;
    private final StoreHealth storeHealth;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final Javalin app;

    /** A receiver without workers of its own (deployments are run by other daemons). */
    public WebhookServer(Fraisier fraisier, Clock clock) {
        this(fraisier, clock, () -> 0, () -> {});
    }

    /**
     * @param fraisier the front door: its config, its store, and {@link Fraisier#enqueue} for pushes
     * @param busyWorkers how many of this daemon's workers run a deployment now, for {@code /metrics}
     * @param onEnqueued called after a push queued deployments, to wake the workers
     */
    public WebhookServer(Fraisier fraisier, Clock clock, IntSupplier busyWorkers, Runnable onEnqueued) {
        this.config = fraisier.config();
        this.store = fraisier.store();
        this.metrics = new WebhookMetrics(store::queue, busyWorkers);
        this.storeHealth = new StoreHealth(store);
        this.receiver = new WebhookReceiver(fraisier, clock, metrics, storeHealth, onEnqueued);
        this.rateLimiter = new RateLimiter(config.webhook().rateLimit(), clock);
        this.clients = new ClientAddresses(config.webhook().trustedProxies());
        this.problems = new Problems(json);
        this.app = Javalin.create(this::configure);
    }

    private void configure(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        // answers are a few hundred bytes: compressing them costs more than it saves
        cfg.http.compressionStrategy = CompressionStrategy.NONE;
        cfg.routes.post("/webhook", ctx -> webhook(ctx, null));
        cfg.routes.post("/webhook/{host}", ctx -> webhook(ctx, routeHost(ctx.pathParam("host"))));
        cfg.routes.get("/health", this::health);
        cfg.routes.get(
                "/metrics", ctx -> ctx.contentType(WebhookMetrics.CONTENT_TYPE).result(metrics.scrape()));
        cfg.routes.exception(Exception.class, this::failure);
        cfg.routes.error(404, ctx -> {
            if (!Problems.CONTENT_TYPE.equals(ctx.res().getContentType())) {
                answer(
                        ctx,
                        new Problems.Problem(
                                "not_found",
                                "Not found",
                                404,
                                ctx.method() + " " + ctx.path() + " does not exist.",
                                "Webhooks go to POST /webhook or POST /webhook/{"
                                        + String.join("|", GitHost.ids().split(", ")) + "}."));
            }
        });
        cfg.requestLogger.http(this::logRequest);
    }

    /** Starts listening on {@code webhook.address}:{@code webhook.port} (port 0: any free port). */
    public WebhookServer start() {
        app.start(config.webhook().address(), config.webhook().port());
        LOG.info(
                "Fraisier webhook daemon listening on {}:{} (store: {})",
                config.webhook().address(),
                app.port(),
                store.description());
        return this;
    }

    /** The port it listens on (the chosen one when started on port 0). */
    public int port() {
        return app.port();
    }

    /**
     * Stops accepting webhooks: from now on they are answered 503 so that the git host (or an operator)
     * redelivers them to a daemon that runs. Health turns 503 too, so a load balancer moves away.
     */
    public void stopAccepting() {
        accepting.set(false);
    }

    /** Stops accepting, then closes the listener and the metrics. */
    public void stop() {
        stopAccepting();
        app.stop();
        metrics.close();
    }

    @Override
    public void close() {
        stop();
    }

    private void webhook(Context ctx, GitHost routeHost) {
        RequestLog log = new RequestLog();
        ctx.attribute(LOG_ATTRIBUTE, log);
        String client = client(ctx);
        log.client(client);
        Headers headers = Headers.of(ctx.headerMap());
        receiver.identify(routeHost, headers, log);
        requireAccepting();
        long wait = rateLimiter.acquire(client);
        if (wait > 0) {
            throw new RequestRejected(
                    429,
                    "rate_limited",
                    "Too many requests",
                    "More than " + config.webhook().rateLimit() + " requests a minute from " + client + ".",
                    "Retry after " + wait + " s, or raise webhook.rate_limit.",
                    wait);
        }
        byte[] body = readBody(ctx);
        Delivery delivery = new Delivery(routeHost, headers, ctx.contentType(), body);
        Reply reply = receiver.receive(delivery, log);
        log.outcome(String.valueOf(reply.body().get("outcome")));
        ctx.status(reply.status()).contentType("application/json").result(write(reply.body()));
    }

    /**
     * 200 only when the store can write now (a full disk or a read-only database is unhealthy), within a
     * second even when the database does not answer; see {@link StoreHealth}.
     */
    private void health(Context ctx) {
        requireAccepting();
        storeHealth.requireWritable();
        ctx.contentType("application/json").result(write(Map.of("status", "ok")));
    }

    private void requireAccepting() {
        if (!accepting.get()) {
            throw new RequestRejected(
                    503,
                    "stopping",
                    "Daemon stopping",
                    "This webhook daemon is stopping and accepts no new requests.",
                    "Redeliver to a running daemon.",
                    5);
        }
    }

    private byte[] readBody(Context ctx) {
        long max = config.webhook().maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(max);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            // read one byte past the limit to tell "exactly the limit" from "over it" when no length was sent
            byte[] data = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
            if (data.length > max) {
                throw tooLarge(max);
            }
            return data;
        } catch (IOException e) {
            throw new RequestRejected(
                    400, "unreadable_body", "Unreadable body", "The request body could not be read completely.", null);
        }
    }

    private static RequestRejected tooLarge(long max) {
        return new RequestRejected(
                413,
                "body_too_large",
                "Body too large",
                "The body is larger than webhook.max_body_bytes (" + max + " bytes).",
                "Raise webhook.max_body_bytes if such pushes are expected.");
    }

    private static GitHost routeHost(String name) {
        return GitHost.fromId(name)
                .orElseThrow(() -> new RequestRejected(
                        404,
                        "unknown_git_host",
                        "Unknown git host",
                        "'" + name + "' is not a git host this daemon knows (" + GitHost.ids() + ").",
                        "Post to /webhook/{" + String.join("|", GitHost.ids().split(", ")) + "} or to /webhook."));
    }

    private String client(Context ctx) {
        return clients.client(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    }

    private void failure(Exception e, Context ctx) {
        Problems.Problem problem;
        if (e instanceof RequestRejected rejected) {
            problem = problems.of(rejected);
            if (rejected.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", Long.toString(rejected.retryAfterSeconds()));
            }
        } else if (e instanceof FraisierException fe) {
            problem = problems.of(fe);
        } else {
            LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            problem = new Problems.Problem(
                    "internal", "Internal error", 500, "The daemon failed unexpectedly; its log has the cause.", null);
        }
        RequestLog log = ctx.attribute(LOG_ATTRIBUTE);
        if (log != null) {
            log.outcome(problem.id());
        }
        answer(ctx, problem);
    }

    private void answer(Context ctx, Problems.Problem problem) {
        ctx.status(problem.status()).contentType(Problems.CONTENT_TYPE).result(problems.render(problem));
    }

    private void logRequest(Context ctx, Float millis) {
        RequestLog log = ctx.attribute(LOG_ATTRIBUTE);
        if (log == null) {
            return;
        }
        metrics.request(log.host().equals("-") ? "unknown" : log.host(), log.outcome());
        LOG.info(log.line(ctx.status().getCode(), millis));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answers are maps of strings, numbers and lists", e);
        }
    }
}
