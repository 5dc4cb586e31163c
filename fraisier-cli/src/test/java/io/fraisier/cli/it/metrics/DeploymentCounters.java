package io.fraisier.cli.it.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.fraisier.core.model.MetricSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deployment metrics of one site, keyed by their labels: either as the deployment rows say they must
 * be, or as Prometheus stored them. Sums are rounded to the microsecond so that the two compare exactly.
 *
 * @param deployments {@code fraise,environment,provider,status} → count (zero series left out)
 * @param errors {@code provider,error_type} → count (zero series left out)
 * @param durationCounts {@code fraise,environment,provider} → observations (targets never deployed, whose
 *     series the exporter writes at 0, left out)
 * @param durationSums {@code fraise,environment,provider} → seconds
 * @param buckets {@code fraise,environment,provider,le} → cumulative count
 * @param rollbacks {@code fraise,environment,provider,status} → count (zero series left out)
 */
record DeploymentCounters(
        Map<String, Long> deployments,
        Map<String, Long> errors,
        Map<String, Long> durationCounts,
        Map<String, Double> durationSums,
        Map<String, Long> buckets,
        Map<String, Long> rollbacks) {
    private static final List<String> ERROR_STATUSES =
            List.of("failed", "rolled_back", "rollback_failed", "interrupted");
    private static final List<String> ROLLBACK_STATUSES = List.of("rolled_back", "rollback_failed");

    /** What the exporter must show for these rows ({@code fraisier --output json history}). */
    static DeploymentCounters expectedFrom(List<JsonNode> rows) {
        DeploymentCounters c = empty();
        for (JsonNode row : rows) {
            String target = key(
                    row.path("fraise").asText(),
                    row.path("environment").asText(),
                    row.path("provider").asText());
            String status = row.path("status").asText();
            if (status.equals("pending") || status.equals("in_progress")) {
                continue;
            }
            c.deployments.merge(key(target, status), 1L, Long::sum);
            if (ROLLBACK_STATUSES.contains(status)) {
                c.rollbacks.merge(key(target, status), 1L, Long::sum);
            }
            if (ERROR_STATUSES.contains(status)) {
                String type = row.path("error_type").isNull()
                        ? status
                        : row.path("error_type").asText();
                c.errors.merge(key(row.path("provider").asText(), type), 1L, Long::sum);
            }
            if (!row.path("duration_seconds").isNull()) {
                double seconds = row.path("duration_seconds").asDouble();
                c.durationCounts.merge(target, 1L, Long::sum);
                c.durationSums.merge(target, seconds, Double::sum);
                List<Double> bounds = new ArrayList<>(MetricSnapshot.DURATION_BUCKETS);
                bounds.add(Double.POSITIVE_INFINITY);
                for (double le : bounds) {
                    c.buckets.merge(key(target, le(le)), seconds <= le ? 1L : 0L, Long::sum);
                }
            }
        }
        c.durationSums.replaceAll((k, v) -> micros(v));
        return c;
    }

    /** What Prometheus stored for {@code job}, through its query API. */
    static DeploymentCounters scrapedBy(PrometheusServer prometheus, String job)
            throws IOException, InterruptedException {
        String selector = "{job=\"" + job + "\"}";
        DeploymentCounters c = empty();
        for (JsonNode s : prometheus.query("fraisier_deployments_total" + selector)) {
            long value = longValue(s);
            if (value != 0) {
                c.deployments.put(key(target(s), label(s, "status")), value);
            }
        }
        for (JsonNode s : prometheus.query("fraisier_rollbacks_total" + selector)) {
            long value = longValue(s);
            if (value != 0) {
                c.rollbacks.put(key(target(s), label(s, "status")), value);
            }
        }
        for (JsonNode s : prometheus.query("fraisier_deployment_errors_total" + selector)) {
            long value = longValue(s);
            if (value != 0) {
                c.errors.put(key(label(s, "provider"), label(s, "error_type")), value);
            }
        }
        for (JsonNode s : prometheus.query("fraisier_deployment_duration_seconds_count" + selector)) {
            long value = longValue(s);
            if (value != 0) {
                c.durationCounts.put(target(s), value);
            }
        }
        for (JsonNode s : prometheus.query("fraisier_deployment_duration_seconds_sum" + selector)) {
            if (c.durationCounts.containsKey(target(s))) {
                c.durationSums.put(
                        target(s), micros(Double.parseDouble(s.at("/value/1").asText())));
            }
        }
        for (JsonNode s : prometheus.query("fraisier_deployment_duration_seconds_bucket" + selector)) {
            if (!c.durationCounts.containsKey(target(s))) {
                continue;
            }
            String le = label(s, "le");
            c.buckets.put(
                    key(target(s), le(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le))),
                    longValue(s));
        }
        return c;
    }

    private static DeploymentCounters empty() {
        return new DeploymentCounters(
                new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    }

    private static String target(JsonNode sample) {
        return key(label(sample, "fraise"), label(sample, "environment"), label(sample, "provider"));
    }

    private static String label(JsonNode sample, String name) {
        return sample.path("metric").path(name).asText();
    }

    private static long longValue(JsonNode sample) {
        double value = Double.parseDouble(sample.at("/value/1").asText());
        if (value != Math.rint(value)) {
            throw new AssertionError("a counter holds a fraction: " + sample);
        }
        return (long) value;
    }

    private static String le(double bound) {
        return bound == Double.POSITIVE_INFINITY ? "+Inf" : String.valueOf(bound);
    }

    private static double micros(double seconds) {
        return Math.round(seconds * 1_000_000) / 1_000_000.0;
    }

    private static String key(String... parts) {
        return String.join(",", parts);
    }
}
