package io.fraisier.metrics;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.model.MetricSnapshot.DeploymentCount;
import io.fraisier.core.model.MetricSnapshot.DurationHistogram;
import io.fraisier.core.model.MetricSnapshot.ErrorCount;
import io.fraisier.core.spi.MetricCounterStore;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the durable counters of the database into Prometheus metric families at each scrape. The values are
 * owned by the database, not by this process, which is why they are exported as snapshots rather than as
 * Micrometer meters: they count deployments of every CLI and daemon, and survive restarts and archiving.
 * Reads one {@link MetricSnapshot} per scrape and nothing else. Thread-safe.
 */
final class DeploymentMetricsCollector implements MultiCollector {
    static final String DEPLOYMENTS = "fraisier_deployments";
    static final String ERRORS = "fraisier_deployment_errors";
    static final String ACTIVE = "fraisier_active_deployments";
    static final String DURATION = "fraisier_deployment_duration_seconds";
    static final String ROLLBACKS = "fraisier_rollbacks";
    static final String AVAILABILITY = "fraisier_provider_availability";
    static final String HOST_AVAILABILITY = "fraisier_host_availability";
    static final String PROBED_AT = "fraisier_provider_availability_checked_timestamp_seconds";
    static final String FROZEN = "fraisier_target_frozen";

    /** Statuses a deployment can end in; each gets a series (0 until it happens) so increase() sees the first. */
    private static final List<String> FINISHED_STATUSES = Arrays.stream(DeploymentStatus.values())
            .filter(DeploymentStatus::isTerminal)
            .map(DeploymentStatus::dbValue)
            .toList();

    private static final List<String> ROLLBACK_STATUSES =
            List.of(DeploymentStatus.ROLLED_BACK.dbValue(), DeploymentStatus.ROLLBACK_FAILED.dbValue());

    /**
     * The error types a deployment that ran usually ends with; each configured provider gets a series of
     * each at 0 before it happens, so rate() sees the first one. Others (rarer codes) appear when they occur.
     */
    static final List<String> COMMON_ERROR_TYPES = List.of(
            ErrorCode.DEPLOYMENT_FAILED.id(),
            ErrorCode.DEPLOYMENT_TIMEOUT.id(),
            ErrorCode.HEALTH_CHECK_FAILED.id(),
            ErrorCode.PROVIDER_UNREACHABLE.id(),
            ErrorCode.ROLLBACK_FAILED.id(),
            ErrorCode.INTERRUPTED.id());

    private final java.util.function.Supplier<MetricSnapshot> counters;
    private final ProviderAvailabilityMonitor availability;
    private final List<List<String>> configured;
    private final java.util.function.Supplier<List<io.fraisier.core.model.Freeze>> freezes;

    /**
     * @param configured the configured targets as (fraise, environment, provider): each gets its series at 0
     *     before its first deployment (Prometheus' "avoid missing metrics")
     */
    DeploymentMetricsCollector(
            MetricCounterStore counters, ProviderAvailabilityMonitor availability, List<List<String>> configured) {
        this(counters, availability, configured, List::of);
    }

    /** @param freezes the freezes holding now, read at each scrape ({@code fraisier_target_frozen}) */
    DeploymentMetricsCollector(
            MetricCounterStore counters,
            ProviderAvailabilityMonitor availability,
            List<List<String>> configured,
            java.util.function.Supplier<List<io.fraisier.core.model.Freeze>> freezes) {
        this(counters::snapshot, availability, configured, freezes);
    }

    /** @param counters read once per scrape */
    DeploymentMetricsCollector(
            java.util.function.Supplier<MetricSnapshot> counters,
            ProviderAvailabilityMonitor availability,
            List<List<String>> configured,
            java.util.function.Supplier<List<io.fraisier.core.model.Freeze>> freezes) {
        this.counters = counters;
        this.availability = availability;
        this.configured = List.copyOf(configured);
        this.freezes = freezes;
    }

    @Override
    public MetricSnapshots collect() {
        MetricSnapshot snapshot = counters.get();
        Map<List<String>, Map<String, Long>> statusCounts = statusCountsByTarget(snapshot);
        configured.forEach(target -> statusCounts.computeIfAbsent(target, k -> zeros()));
        return MetricSnapshots.builder()
                .metricSnapshot(deployments(statusCounts))
                .metricSnapshot(rollbacks(statusCounts))
                .metricSnapshot(errors(snapshot.errors()))
                .metricSnapshot(active(snapshot))
                .metricSnapshot(durations(snapshot.durations()))
                .metricSnapshot(availabilityGauge())
                .metricSnapshot(hostAvailabilityGauge())
                .metricSnapshot(probedAtGauge())
                .metricSnapshot(frozen())
                .metricSnapshot(DiagnosticMetrics.healthAttempts(snapshot, knownProviders(snapshot)))
                .metricSnapshot(DiagnosticMetrics.lockWaits(snapshot, knownProviders(snapshot)))
                .build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(
                DEPLOYMENTS,
                ERRORS,
                ACTIVE,
                DURATION,
                ROLLBACKS,
                AVAILABILITY,
                HOST_AVAILABILITY,
                PROBED_AT,
                FROZEN,
                DiagnosticMetrics.HEALTH_ATTEMPTS,
                DiagnosticMetrics.LOCK_WAIT);
    }

    /** (fraise, environment, provider) → status → count, every finished status present. */
    private static Map<List<String>, Map<String, Long>> statusCountsByTarget(MetricSnapshot snapshot) {
        Map<List<String>, Map<String, Long>> byTarget = new TreeMap<>(DeploymentMetricsCollector::compareLists);
        for (DeploymentCount c : snapshot.deployments()) {
            byTarget.computeIfAbsent(List.of(c.fraise(), c.environment(), c.provider()), k -> zeros())
                    .merge(c.status(), c.count(), Long::sum);
        }
        for (DurationHistogram h : snapshot.durations()) {
            byTarget.computeIfAbsent(List.of(h.fraise(), h.environment(), h.provider()), k -> zeros());
        }
        return byTarget;
    }

    private static Map<String, Long> zeros() {
        Map<String, Long> counts = new LinkedHashMap<>();
        FINISHED_STATUSES.forEach(status -> counts.put(status, 0L));
        return counts;
    }

    private static CounterSnapshot deployments(Map<List<String>, Map<String, Long>> statusCounts) {
        CounterSnapshot.Builder family = CounterSnapshot.builder()
                .name(DEPLOYMENTS)
                .help("Finished deployments by fraise, environment, provider and final status (from the database)");
        statusCounts.forEach((target, counts) -> counts.forEach((status, count) -> family.dataPoint(counter(
                Labels.of(
                        "fraise", target.get(0),
                        "environment", target.get(1),
                        "provider", target.get(2),
                        "status", status),
                count))));
        return family.build();
    }

    private static CounterSnapshot rollbacks(Map<List<String>, Map<String, Long>> statusCounts) {
        CounterSnapshot.Builder family = CounterSnapshot.builder()
                .name(ROLLBACKS)
                .help("Automatic rollbacks by fraise, environment, provider and outcome status"
                        + " (rolled_back or rollback_failed)");
        statusCounts.forEach((target, counts) -> {
            for (String status : ROLLBACK_STATUSES) {
                family.dataPoint(counter(
                        Labels.of(
                                "fraise", target.get(0),
                                "environment", target.get(1),
                                "provider", target.get(2),
                                "status", status),
                        counts.getOrDefault(status, 0L)));
            }
        });
        return family.build();
    }

    private CounterSnapshot errors(List<ErrorCount> errors) {
        Map<List<String>, Long> merged = new TreeMap<>(DeploymentMetricsCollector::compareLists);
        for (List<String> target : configured) {
            for (String type : COMMON_ERROR_TYPES) {
                merged.put(List.of(target.get(2), type), 0L);
            }
        }
        for (ErrorCount e : errors) {
            merged.merge(List.of(e.provider(), e.errorType()), e.count(), Long::sum);
        }
        CounterSnapshot.Builder family = CounterSnapshot.builder()
                .name(ERRORS)
                .help("Failed deployments by provider and error type (an ErrorCode id, from the database)");
        merged.forEach((key, count) ->
                family.dataPoint(counter(Labels.of("provider", key.get(0), "error_type", key.get(1)), count)));
        return family.build();
    }

    /** 1 while a freeze (manual or a declared window) holds for the target, else 0; every configured target. */
    private GaugeSnapshot frozen() {
        Map<List<String>, Double> byTarget = new TreeMap<>(DeploymentMetricsCollector::compareLists);
        configured.forEach(t -> byTarget.put(List.of(t.get(0), t.get(1)), 0.0));
        freezes.get()
                .forEach(f ->
                        byTarget.put(List.of(f.target().fraise(), f.target().environment()), 1.0));
        GaugeSnapshot.Builder family = GaugeSnapshot.builder()
                .name(FROZEN)
                .help("1 while deployments of the target are refused by a freeze (fraisier freeze or a"
                        + " freeze_windows entry), else 0");
        byTarget.forEach((t, v) -> family.dataPoint(gauge(Labels.of("fraise", t.get(0), "environment", t.get(1)), v)));
        return family.build();
    }

    /** Every provider we know of: recorded, configured or probed. */
    private TreeSet<String> knownProviders(MetricSnapshot snapshot) {
        TreeSet<String> providers = new TreeSet<>(snapshot.activeByProvider().keySet());
        snapshot.deployments().forEach(c -> providers.add(c.provider()));
        snapshot.durations().forEach(h -> providers.add(h.provider()));
        configured.forEach(target -> providers.add(target.get(2)));
        providers.addAll(availability.providers());
        return providers;
    }

    private GaugeSnapshot active(MetricSnapshot snapshot) {
        // every provider we know of gets a value, so "0 running" is a sample and not a gap in the graph
        TreeSet<String> providers = knownProviders(snapshot);
        GaugeSnapshot.Builder family = GaugeSnapshot.builder()
                .name(ACTIVE)
                .help("Deployments in progress now, by provider (from the database)");
        for (String provider : providers) {
            family.dataPoint(gauge(
                    Labels.of("provider", provider), snapshot.activeByProvider().getOrDefault(provider, 0L)));
        }
        return family.build();
    }

    private HistogramSnapshot durations(List<DurationHistogram> recorded) {
        HistogramSnapshot.Builder family = HistogramSnapshot.builder()
                .name(DURATION)
                .help("Duration of finished deployments by fraise, environment and provider (from the database)");
        Map<List<String>, DurationHistogram> byTarget = new TreeMap<>(DeploymentMetricsCollector::compareLists);
        for (List<String> t : configured) {
            List<Long> none =
                    MetricSnapshot.DURATION_BUCKETS.stream().map(le -> 0L).toList();
            byTarget.put(t, new DurationHistogram(t.get(0), t.get(1), t.get(2), none, 0, 0.0));
        }
        recorded.forEach(h -> byTarget.put(List.of(h.fraise(), h.environment(), h.provider()), h));
        for (DurationHistogram h : byTarget.values()) {
            family.dataPoint(HistogramDataPointSnapshot.builder()
                    .labels(Labels.of(
                            "fraise", h.fraise(),
                            "environment", h.environment(),
                            "provider", h.provider()))
                    .classicHistogramBuckets(buckets(h))
                    .sum(h.sumSeconds())
                    .build());
        }
        return family.build();
    }

    /** The store keeps cumulative counts (as exposed); the model wants the count of each bucket alone. */
    private static ClassicHistogramBuckets buckets(DurationHistogram h) {
        return CumulativeBuckets.of(
                MetricSnapshot.DURATION_BUCKETS,
                h.bucketCounts(),
                h.count(),
                "duration histogram of " + h.fraise() + "/" + h.environment() + " (" + h.provider() + ")");
    }

    private GaugeSnapshot availabilityGauge() {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder()
                .name(AVAILABILITY)
                .help("1 if the provider answered its last availability probe for the target, else 0");
        availability
                .verdicts()
                .forEach(v -> family.dataPoint(
                        gauge(Labels.of("provider", v.provider(), "target", v.target()), v.available() ? 1 : 0)));
        return family.build();
    }

    /**
     * Each host of a fleet: one series per host named in {@code hosts:}, so bounded by the config (single-host
     * environments have none: their {@code fraisier_provider_availability} is their host's).
     */
    private GaugeSnapshot hostAvailabilityGauge() {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder()
                .name(HOST_AVAILABILITY)
                .help("1 if the host of a fleet (an environment with hosts:) passed its provider's last availability"
                        + " probe, else 0");
        availability
                .verdicts()
                .forEach(v -> v.hosts()
                        .forEach((host, up) -> family.dataPoint(gauge(
                                Labels.of("provider", v.provider(), "target", v.target(), "host", host), up ? 1 : 0))));
        return family.build();
    }

    private GaugeSnapshot probedAtGauge() {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder()
                .name(PROBED_AT)
                .help("When the provider's last availability probe for the target ran (Unix time); a stale value"
                        + " means probes are stuck");
        availability
                .verdicts()
                .forEach(v -> family.dataPoint(gauge(
                        Labels.of("provider", v.provider(), "target", v.target()),
                        v.checkedAt().toEpochMilli() / 1000.0)));
        return family.build();
    }

    private static CounterDataPointSnapshot counter(Labels labels, long value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static int compareLists(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
