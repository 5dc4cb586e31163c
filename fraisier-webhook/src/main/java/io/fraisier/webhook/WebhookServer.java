package io.fraisier.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.error.Unchecked;
import io.fraisier.metrics.DiagnosticMetrics;
import io.fraisier.webhook.host.GitHost;
import io.fraisier.webhook.host.GitHostDetector;
import io.fraisier.webhook.host.Headers;
import io.fraisier.webhook.host.Verification;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook daemon's HTTP side: {@code POST /webhook}, {@code POST /webhook/{host}}, {@code GET
 * /health} and {@code GET /metrics}, on Javalin.
 *
 * <p>A webhook request goes through the rate limit (429 with {@code Retry-After}), what its headers
 * alone tell (a known host, a signature or token header, the body size limit from {@code
 * Content-Length}: 400, 401, 413), the {@link BodyGate} caps on bodies in flight (429 or 503 with
 * {@code Retry-After}), a body read bounded in time ({@link #READ_DEADLINE}) and rate ({@link
 * #MIN_REQUEST_DATA_RATE}), then {@link WebhookReceiver}. Handlers run on virtual threads, so a slow
 * client parks no platform thread; the receiver runs on a pool of platform threads, because database
 * drivers block in native code. Every error
 * is answered as {@code application/problem+json} by one exception handler, and every request is
 * logged on one line (host, event, delivery id, outcome, status, milliseconds), never with a secret or
 * a signature.
 *
 * <p>Thread-safe. {@link #start()} once, {@link #stop()} once.
 */
public final class WebhookServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private static final String LOG_ATTRIBUTE = "fraisier.requestLog";
    /** A body must be received completely within this long after its headers (GitHub gives up at 10 s). */
    static final Duration READ_DEADLINE = Duration.ofSeconds(10);
    /**
     * Bytes a second, averaged from the first body byte, below which Jetty abandons a body read (408).
     * Low, because Jetty allows no grace period: a real host's body arrives in one burst.
     */
    static final long MIN_REQUEST_DATA_RATE = 256;
    /** A connection that sends nothing for this long is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #stop()} waits for the deliveries being stored. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** A request line and headers must be in within this long of their first byte ({@link HeadDeadline}). */
    static final Duration HEAD_DEADLINE = Duration.ofSeconds(10);
    /** Memory a body costs while processed, per raw byte: the bytes, the stored text, the parsed tree. */
    private static final int COST_PER_BYTE = 4;

    private static final int FIRST_CHUNK = 16 * 1024;
    /** Platform threads that run the receiver (signature, JSON, database), as Jetty's pool did before. */
    private static final int PROCESSING_THREADS = 64;

    private final FraisierConfig config;
    private final Fraisier fraisier;
    private final WebhookReceiver receiver;
    private final WebhookMetrics metrics;
    private final RateLimiter rateLimiter;
    private final ClientAddresses clients;
    private final Problems problems;
    private final StoreHealth storeHealth;
    private final GitHostDetector detector;
    private final HostProtocols protocols;
    private final BodyGate gate;
    private final ScheduledExecutorService deadlines;
    private final HeadDeadline headDeadline = new HeadDeadline(HEAD_DEADLINE, System::nanoTime);
    private final ExecutorService processing;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    /** Set by {@link #drain}: health answers 503; webhooks are still stored and queued. */
    private final AtomicBoolean draining = new AtomicBoolean(false);

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
        this(
                fraisier,
                clock,
                busyWorkers,
                onEnqueued,
                BodyGate.forHeap(Runtime.getRuntime().maxMemory()));
    }

    /** With the given caps on bodies in flight (tests). */
    WebhookServer(Fraisier fraisier, Clock clock, IntSupplier busyWorkers, Runnable onEnqueued, BodyGate gate) {
        this.config = fraisier.config();
        this.fraisier = fraisier;
        this.metrics = new WebhookMetrics(fraisier::queueDepth, busyWorkers, durableMetrics(fraisier));
        this.storeHealth = new StoreHealth(fraisier::checkWritable);
        this.receiver = new WebhookReceiver(fraisier, clock, metrics, storeHealth, onEnqueued);
        this.rateLimiter = new RateLimiter(config.webhook().rateLimit(), clock);
        this.clients = new ClientAddresses(config.webhook().trustedProxies());
        this.problems = new Problems(json);
        this.detector =
                new GitHostDetector(GitHost.fromId(config.git().defaultHost()).orElse(null));
        this.protocols = HostProtocols.standard(clock);
        this.gate = gate;
        this.deadlines = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon()
                .name("fraisier-webhook-read-deadline")
                .factory());
        // database drivers block in native code and monitors, which would pin the few carriers of
        // virtual threads: a received body is processed on a platform thread
        this.processing = Executors.newFixedThreadPool(
                PROCESSING_THREADS,
                Thread.ofPlatform()
                        .daemon()
                        .name("fraisier-webhook-request-", 1)
                        .factory());
        this.app = Javalin.create(this::configure);
    }

    private void configure(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        // answers are a few hundred bytes: compressing them costs more than it saves
        cfg.http.compressionStrategy = CompressionStrategy.NONE;
        // a client that trickles its body parks a virtual thread, not one of a few hundred platform ones
        cfg.concurrency.useVirtualThreads = true;
        cfg.jetty.modifyHttpConfiguration(http -> {
            http.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
            http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        });
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

    /**
     * Milliseconds since this process started, from the process table ({@code /proc}): not JMX's uptime,
     * whose {@code java.management} classes the daemon would load for this one log line at start-up.
     */
    private static String sinceProcessStart() {
        return ProcessHandle.current()
                .info()
                .startInstant()
                .map(start -> String.valueOf(
                        Duration.between(start, java.time.Instant.now()).toMillis()))
                .orElse("?");
    }

    /** Starts listening on {@code webhook.address}:{@code webhook.port} (port 0: any free port). */
    public WebhookServer start() {
        // the store's write probe runs while Jetty starts: the first /health then answers from it
        storeHealth.refresh();
        app.start(config.webhook().address(), config.webhook().port());
        // Javalin adds its connector when it starts (modifyServer sees none): set it up before the first accept
        // can matter, then look at heads
        for (org.eclipse.jetty.server.Connector connector :
                app.jettyServer().server().getConnectors()) {
            if (connector instanceof org.eclipse.jetty.server.AbstractConnector c) {
                c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                c.addEventListener(headDeadline);
            }
        }
        headDeadline.start(deadlines);
        LOG.info(
                "Fraisier webhook daemon listening on {}:{} (store: {}), {} ms after the process started",
                config.webhook().address(),
                app.port(),
                fraisier.storeDescription(),
                sinceProcessStart());
        return this;
    }

    /** The port it listens on (the chosen one when started on port 0). */
    public int port() {
        return app.port();
    }

    /**
     * The daemon is stopping but its workers still drain running deployments: health answers 503, so a
     * load balancer moves away, yet a webhook that still arrives is stored and its deployment queued as
     * usual (202), to run when a daemon on this database next claims it. GitHub and Gitea do not redeliver
     * a delivery that failed on their own, so a 503 here would lose every push of a restart's drain (up to
     * {@link WebhookDaemon#DEFAULT_DRAIN}).
     */
    public void drain() {
        draining.set(true);
    }

    /**
     * Stops accepting webhooks: from now on they are answered 503 so that the git host (or an operator)
     * redelivers them to a daemon that runs. Health turns 503 too, so a load balancer moves away.
     */
    public void stopAccepting() {
        accepting.set(false);
    }

    /**
     * The database's health-attempt and lock-wait series, with every configured provider at 0 from the
     * start; null when {@code metrics.enabled} is false (the store counts nothing then).
     */
    private static @Nullable DiagnosticMetrics durableMetrics(Fraisier fraisier) {
        if (!fraisier.config().metrics().enabled()) {
            return null;
        }
        TreeSet<String> providers = new TreeSet<>();
        fraisier.config().environments().stream()
                .map(EnvironmentConfig::provider)
                .forEach(providers::add);
        return new DiagnosticMetrics(fraisier::metricSnapshot, () -> providers);
    }

    /**
     * Stops accepting, lets the deliveries already being stored finish (for up to {@link #STOP_WAIT}: the
     * store is closed after this returns, and a delivery cut off half-way answers nothing useful), then
     * closes the listener and the metrics.
     */
    public void stop() {
        stopAccepting();
        headDeadline.stop();
        processing.shutdown();
        try {
            if (!processing.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "Stopping: deliveries still being stored after {} s; closing anyway (a redelivery finishes"
                                + " them)",
                        STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
        deadlines.shutdownNow();
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
        long max = config.webhook().maxBodyBytes();
        if (ctx.req().getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        requireCredential(routeHost, headers);
        Body body = readBody(ctx, client, max);
        try {
            Delivery delivery = new Delivery(routeHost, headers, ctx.contentType(), body.bytes());
            Reply reply = process(() -> receiver.receive(delivery, log));
            if (draining.get() && reply.status() == 202) {
                reply = queuedWhileDraining(reply);
            }
            log.outcome(String.valueOf(reply.body().get("outcome")));
            ctx.status(reply.status()).contentType("application/json").result(write(reply.body()));
        } finally {
            gate.release(body.reserved());
        }
    }

    /** Runs {@code work} on a {@link #processing} thread and waits (a virtual thread waits cheaply). */
    private Reply process(Callable<Reply> work) {
        Future<Reply> future;
        try {
            future = processing.submit(work);
        } catch (RejectedExecutionException e) {
            requireAccepting();
            throw e;
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw Unchecked.cause(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw stopping("The request was interrupted.", "Redeliver to a running daemon.");
        }
    }

    /**
     * Refuses, before reading the body, a request whose headers already show it cannot be accepted: no
     * host can be told, or it carries none of its host's signature or token headers.
     */
    private void requireCredential(GitHost routeHost, Headers headers) {
        GitHost host = routeHost != null ? routeHost : detector.detect(headers).orElse(null);
        if (host == null) {
            throw RequestRejected.unknownHost();
        }
        if (!host.carriesCredential(headers)) {
            metrics.signatureFailure(host.id());
            // the verifier names the missing header; it looks at no body when there is no signature
            Verification verification = protocols
                    .verifier(host)
                    .verify(headers, new byte[0], config.git().secretsFor(host.id()));
            throw new RequestRejected(
                    401,
                    "invalid_signature",
                    "Invalid webhook signature",
                    verification.valid() ? "The request carries no signature or token." : verification.reason(),
                    "Check that the hook's secret equals git." + host.id() + ".webhook_secret(s).");
        }
    }

    /**
     * 200 only when the store can write now (a full disk or a read-only database is unhealthy), within a
     * second even when the database does not answer; see {@link StoreHealth}.
     */
    private void health(Context ctx) {
        requireAccepting();
        if (draining.get()) {
            throw stopping(
                    "This webhook daemon is stopping: it still stores webhooks, but runs no new deployment.",
                    "Send traffic to a running daemon.");
        }
        storeHealth.requireWritable();
        ctx.contentType("application/json").result(write(Map.of("status", "ok")));
    }

    private void requireAccepting() {
        if (!accepting.get()) {
            throw stopping(
                    "This webhook daemon is stopping and accepts no new requests.", "Redeliver to a running daemon.");
        }
    }

    /** 503 {@code stopping}, with {@code Retry-After: 5}. */
    private static RequestRejected stopping(String detail, String hint) {
        return new RequestRejected(503, "stopping", "Daemon stopping", detail, hint, 5);
    }

    /** A 202 given while draining says that its deployments wait for the next daemon. */
    private static Reply queuedWhileDraining(Reply reply) {
        Map<String, Object> body = new LinkedHashMap<>(reply.body());
        body.put(
                "note",
                "this daemon is stopping: the deployments are queued and run when a daemon on this database"
                        + " claims them (the next start, or another daemon now)");
        return new Reply(reply.status(), body);
    }

    /** A body as read, and the bytes of the {@link BodyGate} budget it holds until the request ends. */
    private record Body(byte[] bytes, long reserved) {}

    /**
     * Reads the body within {@link #READ_DEADLINE} (the connection is closed when it runs out) and the
     * memory budget, holding one of the client's {@link BodyGate} read slots meanwhile.
     */
    private Body readBody(Context ctx, String client, long max) {
        long declared = ctx.req().getContentLengthLong();
        long reserved = 0;
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req())
                .getConnectionMetaData()
                .getConnection()
                .getEndPoint();
        AtomicBoolean timedOut = new AtomicBoolean();
        try (BodyGate.Slot ignored = gate.enter(client)) {
            ScheduledFuture<?> deadline = deadlines.schedule(
                    () -> {
                        timedOut.set(true);
                        endPoint.close();
                    },
                    READ_DEADLINE.toMillis(),
                    TimeUnit.MILLISECONDS);
            try (InputStream in = ctx.req().getInputStream()) {
                // up to the Content-Length, or without one to a byte past the limit (to tell "exactly
                // the limit" from "over it"); the buffer and its share of the budget grow as bytes
                // arrive, so a client that declares much and sends little holds little
                long limit = declared >= 0 ? declared : max + 1;
                int capacity = (int) Math.min(limit, FIRST_CHUNK);
                gate.reserve((long) capacity * COST_PER_BYTE);
                reserved = (long) capacity * COST_PER_BYTE;
                byte[] data = new byte[capacity];
                int length = 0;
                while (length < limit) {
                    if (length == data.length) {
                        int grown = (int) Math.min(limit, Math.max(FIRST_CHUNK, (long) data.length * 2));
                        gate.reserve((long) (grown - data.length) * COST_PER_BYTE);
                        reserved += (long) (grown - data.length) * COST_PER_BYTE;
                        data = Arrays.copyOf(data, grown);
                    }
                    int n = in.read(data, length, data.length - length);
                    if (n < 0) {
                        break;
                    }
                    length += n;
                }
                if (length > max) {
                    throw tooLarge(max);
                }
                if (declared >= 0 && length < declared) {
                    throw unreadable();
                }
                Body body = new Body(length == data.length ? data : Arrays.copyOf(data, length), reserved);
                reserved = 0;
                return body;
            } catch (IOException | RuntimeException e) {
                if (timedOut.get()) {
                    throw new RequestRejected(
                            408,
                            "request_timeout",
                            "Request timeout",
                            "The body was not received within " + READ_DEADLINE.toSeconds() + " s.",
                            null);
                }
                if (e instanceof RequestRejected rejected) {
                    throw rejected;
                }
                if (e instanceof org.eclipse.jetty.http.HttpException http && http.getCode() == 408) {
                    throw new RequestRejected(
                            408,
                            "request_timeout",
                            "Request timeout",
                            "The body arrived slower than " + MIN_REQUEST_DATA_RATE + " bytes a second.",
                            null);
                }
                if (e instanceof IOException || e instanceof org.eclipse.jetty.http.HttpException) {
                    // Jetty's idle timeout, a client that hung up
                    throw unreadable();
                }
                throw (RuntimeException) e;
            } finally {
                deadline.cancel(false);
            }
        } finally {
            gate.release(reserved);
        }
    }

    private static RequestRejected unreadable() {
        return new RequestRejected(
                400,
                "unreadable_body",
                "Unreadable body",
                "The request body could not be read completely (too slow, or cut short).",
                null);
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
