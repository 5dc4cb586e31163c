package io.fraisier.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.spi.FraisierStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fraisier metrics}: serves {@code GET /metrics} in the Prometheus text format, or OpenMetrics when
 * the scraper asks for it. Everything but provider availability is read from the database at each scrape,
 * in one {@link io.fraisier.core.model.MetricSnapshot} ({@code Fraisier::metricSnapshot}): deployments by
 * status, errors, durations, deployments in progress, and health-check attempts and lock waits, which
 * every process that deploys adds to as they happen (see {@link DiagnosticMetrics}); so this exporter
 * shows them whichever process deployed, across its own restarts. Provider availability comes from
 * probes run every {@code probe_interval}.
 *
 * <p>Thread-safe. {@link #start()} once, {@link #close()} to stop. An embedder with its own HTTP server (the
 * daemon) may call {@link #scrape(String)} without starting.
 */
public final class MetricsExporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsExporter.class);

    static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** A rendered scrape: what to answer with. */
    public record Scrape(int status, String contentType, byte[] body) {}

    private final Supplier<MetricSnapshot> counters;
    private final String description;
    private final boolean enabled;
    private final String address;
    private final int port;
    private final PrometheusMeterRegistry registry;
    private final ProviderAvailabilityMonitor availability;
    private final Duration probeInterval;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private @Nullable HttpServer server;
    private @Nullable ExecutorService handlers;

    private MetricsExporter(Builder b) {
        this.counters = b.counters;
        this.description = b.description;
        this.enabled = b.enabled;
        this.address = b.address;
        this.port = b.port;
        this.probeInterval = b.config.probeInterval();
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.availability = new ProviderAvailabilityMonitor(
                b.probes, b.scheduler == null ? ProbeScheduler.daemonThread() : b.scheduler, b.clock);
        if (enabled) {
            registry.getPrometheusRegistry()
                    .register(new DeploymentMetricsCollector(counters, availability, b.targets, b.freezes));
        }
    }

    /** Starts from the {@code metrics:} block: its address, port and whether metrics are enabled. */
    public static Builder builder(FraisierStore store, MetricsConfig config) {
        Objects.requireNonNull(store, "store");
        return new Builder(store.counters()::snapshot, store.description(), config);
    }

    /**
     * Starts from the {@code metrics:} block, reading the durable counters from {@code counters} at each
     * scrape ({@code Fraisier::metricSnapshot}).
     *
     * @param description which store the counters come from, for logs and errors ({@code
     *     Fraisier#storeDescription()})
     */
    public static Builder builder(Supplier<MetricSnapshot> counters, String description, MetricsConfig config) {
        return new Builder(counters, description, config);
    }

    /** Whether metrics are recorded and exported (false: the endpoint explains why it is empty). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Binds the address and port, starts the availability probes and serves until {@link #close()}.
     *
     * @return the metrics URL, e.g. {@code http://localhost:8001/metrics} (the real port when 0 was asked)
     * @throws FraisierException {@link ErrorCode#USAGE} when the address cannot be bound (port taken, unknown
     *     host)
     */
    public synchronized URI start() {
        if (server != null) {
            throw new IllegalStateException("metrics exporter already started");
        }
        InetSocketAddress socket = new InetSocketAddress(address, port);
        if (socket.isUnresolved()) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Cannot listen on " + address + ":" + port + ": unknown host " + address,
                    "Use --address with an IP address or host name of this machine (default localhost).");
        }
        guardAgainstSlowClients();
        HttpServer http;
        try {
            http = HttpServer.create(socket, 0);
        } catch (IOException e) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Cannot listen on " + address + ":" + port + ": " + e.getMessage(),
                    "Choose another port with --port or metrics.port in fraises.yaml, or stop what uses it.",
                    e);
        }
        // the JDK's server reads each request on its executor: with a pool of two, two clients that sent half a
        // request held both threads and no scrape was answered (Prometheus saw the exporter down) until they
        // left. A virtual thread per exchange lets a slow client wait alone; the scrapes themselves, which
        // read the store, still run SCRAPES at a time
        ExecutorService pool = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("fraisier-metrics-http-", 0).factory());
        http.setExecutor(pool);
        http.createContext("/", this::handle);
        http.start();
        server = http;
        handlers = pool;
        if (enabled) {
            availability.start(probeInterval);
        }
        String host = address.contains(":") ? "[" + address + "]" : address;
        URI url = URI.create("http://" + host + ":" + http.getAddress().getPort() + "/metrics");
        LOG.info("Serving metrics on {} from {}", url, description);
        return url;
    }

    /**
     * Renders the metrics for a scraper's {@code Accept} header: OpenMetrics when it is asked for, else the
     * Prometheus text format. A database that cannot be read gives a 503 naming it, so Prometheus marks the
     * target down instead of recording gaps as zeros.
     */
    public Scrape scrape(@Nullable String accept) {
        if (!enabled) {
            return new Scrape(
                    200,
                    TEXT_CONTENT_TYPE,
                    ("# " + MetricsSettings.disabledExplanation() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String contentType = accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS_CONTENT_TYPE
                : TEXT_CONTENT_TYPE;
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
            registry.scrape(body, contentType);
            return new Scrape(200, contentType, body.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            String hint = e instanceof FraisierException fe && fe.hint() != null ? " (" + fe.hint() + ")" : "";
            String message = "Cannot read metrics from " + description + ": " + e.getMessage() + hint;
            LOG.warn(message);
            return new Scrape(503, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * How long a client may take to send its request (seconds), and how many connections are kept at once,
     * for the JDK's HTTP server; an operator's own {@code -D} value wins. Both are JVM-wide settings the
     * JDK reads when it first starts such a server, which in the fraisier command is this exporter.
     */
    static final String MAX_REQUEST_SECONDS = "10";

    static final String MAX_CONNECTIONS = "100";

    /** Scrapes answered at once (each reads the store's counters); more wait their turn. */
    static final int SCRAPES = 2;

    private final java.util.concurrent.Semaphore scrapes = new java.util.concurrent.Semaphore(SCRAPES, true);

    /**
     * A client that sends half a request and stays (by accident or to blind the monitoring) is dropped after
     * {@value #MAX_REQUEST_SECONDS} s instead of holding its connection for ever, and at most {@value
     * #MAX_CONNECTIONS} connections are open at once (the JDK's server keeps no limit by default).
     */
    private static void guardAgainstSlowClients() {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        }
        if (System.getProperty("jdk.httpserver.maxConnections") == null) {
            System.setProperty("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!path.equals("/metrics")) {
                reply(
                        exchange,
                        method,
                        new Scrape(404, "text/plain; charset=utf-8", bytes("Not found: try /metrics\n")));
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, method, new Scrape(405, "text/plain; charset=utf-8", bytes("Use GET /metrics\n")));
            } else {
                Scrape scrape;
                scrapes.acquireUninterruptibly();
                try {
                    scrape = scrape(exchange.getRequestHeaders().getFirst("Accept"));
                } finally {
                    scrapes.release();
                }
                reply(exchange, method, scrape);
            }
        }
    }

    private static void reply(HttpExchange exchange, String method, Scrape scrape) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", scrape.contentType());
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(scrape.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(scrape.status(), scrape.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(scrape.body());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Blocks until {@link #close()} is called (by a shutdown hook, say). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops serving and probing; the database store is the caller's to close. Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (handlers != null) {
            handlers.shutdownNow();
            handlers = null;
        }
        availability.close();
        registry.close();
        stopped.countDown();
    }

    /** Options of a {@link MetricsExporter}; not thread-safe. */
    public static final class Builder {
        private final Supplier<MetricSnapshot> counters;
        private final String description;
        private final MetricsConfig config;
        private boolean enabled;
        private String address;
        private int port;
        private List<AvailabilityProbe> probes = List.of();
        private List<List<String>> targets = List.of();
        private java.util.function.Supplier<List<io.fraisier.core.model.Freeze>> freezes = List::of;
        private @Nullable ProbeScheduler scheduler;
        private Clock clock = Clock.systemUTC();

        private Builder(Supplier<MetricSnapshot> counters, String description, MetricsConfig config) {
            this.counters = Objects.requireNonNull(counters, "counters");
            this.description = Objects.requireNonNull(description, "description");
            this.config = Objects.requireNonNull(config, "config");
            this.enabled = config.enabled();
            this.address = config.address();
            this.port = config.port();
        }

        /** Overrides {@code metrics.enabled}; pass {@link MetricsSettings#enabled} to honour the environment. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** {@code --address}. */
        public Builder address(String address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** {@code --port}; 0 picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new FraisierException(
                        ErrorCode.USAGE, "Port " + port + " is out of range", "Use a port between 1 and 65535.");
            }
            this.port = port;
            return this;
        }

        /**
         * The configured environments: each target's deployment, rollback, error (per provider, for the
         * common error types) and duration series are exported at 0 before its first deployment, so that
         * dashboards and {@code rate()} work from the start. Label values stay bounded by the config.
         */
        public Builder targets(Collection<EnvironmentConfig> environments) {
            this.targets = environments.stream()
                    .map(e -> List.of(e.target().fraise(), e.target().environment(), e.provider()))
                    .distinct()
                    .toList();
            return this;
        }

        /**
         * Where {@code fraisier_target_frozen} reads the freezes holding now (manual and declared windows),
         * at each scrape; {@code Fraisier::freezes} in the CLI. Default: none.
         */
        public Builder freezes(java.util.function.Supplier<List<io.fraisier.core.model.Freeze>> source) {
            this.freezes = java.util.Objects.requireNonNull(source, "source");
            return this;
        }

        public Builder probes(List<AvailabilityProbe> probes) {
            this.probes = List.copyOf(probes);
            return this;
        }

        public Builder scheduler(ProbeScheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MetricsExporter build() {
            return new MetricsExporter(this);
        }
    }
}
