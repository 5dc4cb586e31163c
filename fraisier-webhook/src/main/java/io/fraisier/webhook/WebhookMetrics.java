package io.fraisier.webhook;

import io.fraisier.core.error.FraisierException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The daemon's own metrics, served on {@code GET /metrics}: requests by git host and outcome, signature
 * failures by host, the depth of the shared deployment queue, busy workers, the JVM, and the durable
 * health-check attempt and lock wait series ({@code fraisier_health_check_attempts_total}, {@code
 * fraisier_lock_wait_seconds}: read from the database at each scrape, the same values {@code fraisier
 * metrics} serves, whichever process deployed). Deployment metrics ({@code fraisier_deployments_total},
 * …) come from {@code fraisier metrics}, not from here. Labels are low-cardinality: host ids, outcome
 * names and provider types only.
 *
 * <p>Thread-safe.
 */
final class WebhookMetrics implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Registered counters by host and outcome (both from small fixed sets): no builder per request. */
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    /**
     * @param queueDepth pending deployments of every daemon ({@code Fraisier::queueDepth})
     * @param busyWorkers this daemon's workers running a deployment
     * @param durable the database's health-attempt and lock-wait series, collected at each scrape; null
     *     when metrics are disabled
     */
    WebhookMetrics(LongSupplier queueDepth, IntSupplier busyWorkers, @Nullable MultiCollector durable) {
        // Micrometer's process.cpu.time (nanoseconds) and system.cpu.count come out as
        // process_cpu_time_ns_total and system_cpu_count, which `promtool check metrics` refuses (an
        // abbreviated unit; a _count suffix on a gauge): the first is replaced by the conventional
        // process_cpu_seconds_total below, the second renamed system_cpus.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, b -> b.getProcessCpuTime() / 1e9)
                    .baseUnit("seconds")
                    .description("CPU time used by the daemon's process")
                    .register(registry);
        }
        Gauge.builder("fraisier.webhook.queue.depth", queueDepth, WebhookMetrics::depth)
                .description("Pending deployments not yet claimed by a worker (all daemons on this database)")
                // gauges hold their state weakly: these suppliers live nowhere else
                .strongReference(true)
                .register(registry);
        Gauge.builder("fraisier.webhook.workers.busy", busyWorkers, IntSupplier::getAsInt)
                .description("Workers of this daemon running a deployment")
                .strongReference(true)
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (durable != null) {
            registry.getPrometheusRegistry().register(durable);
        }
    }

    /** Counts one webhook request. {@code host} is a git host id or {@code unknown}. */
    void request(String host, String outcome) {
        requests.computeIfAbsent(
                        host + ' ' + outcome,
                        key -> Counter.builder("fraisier.webhook.requests")
                                .description("Webhook requests by git host and outcome")
                                .tag("host", host)
                                .tag("outcome", outcome)
                                .register(registry))
                .increment();
    }

    void signatureFailure(String host) {
        Counter.builder("fraisier.webhook.signature.failures")
                .description("Webhook requests refused for a missing or wrong signature, or no configured secret")
                .tag("host", host)
                .register(registry)
                .increment();
    }

    /** The Prometheus text exposition of every metric. */
    String scrape() {
        return registry.scrape();
    }

    private static double depth(LongSupplier queueDepth) {
        try {
            return queueDepth.getAsLong();
        } catch (FraisierException e) {
            // the database is down: /health says so; the gauge shows no value rather than failing the scrape
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
