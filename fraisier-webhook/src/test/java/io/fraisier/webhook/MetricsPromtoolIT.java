package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.metrics.DiagnosticMetrics;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The daemon's {@code GET /metrics} text passes Prometheus's own linter, {@code promtool check metrics}. */
class MetricsPromtoolIT {
    private static final LongSupplier NO_DATABASE = () -> {
        throw new FraisierException(ErrorCode.DATABASE_UNAVAILABLE, "no database in this test", "none");
    };

    /** The durable series as a database with one lock wait and health attempt of {@code local} holds them. */
    private static final DiagnosticMetrics DURABLE = new DiagnosticMetrics(
            () -> new MetricSnapshot(
                    List.of(),
                    List.of(),
                    List.of(),
                    Map.of(),
                    List.of(new MetricSnapshot.HealthAttemptCount("local", true, 1)),
                    List.of(new MetricSnapshot.LockWaitHistogram(
                            "local", List.of(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L), 1, 0.02))),
            () -> List.of("local", "docker"));

    @Test
    void scrape_namesCpuMetricsAsPrometheusDoes() {
        try (WebhookMetrics metrics = new WebhookMetrics(NO_DATABASE, () -> 0, DURABLE)) {
            String text = metrics.scrape();

            assertThat(text).contains("process_cpu_seconds_total ").contains("system_cpus ");
            assertThat(text).doesNotContain("process_cpu_time_ns_total").doesNotContain("system_cpu_count");
            assertThat(text.split("\n"))
                    .contains(
                            "fraisier_lock_wait_seconds_count{provider=\"local\"} 1",
                            "fraisier_lock_wait_seconds_count{provider=\"docker\"} 0",
                            "fraisier_health_check_attempts_total{provider=\"local\",result=\"healthy\"} 1.0");
        }
    }

    @Test
    void scrape_passesPromtoolCheckMetrics() throws Exception {
        Path promtool = onPath("promtool");
        assumeTrue(
                promtool != null,
                "promtool is not on PATH: install prometheus (apt-get install -y --no-install-recommends prometheus)");
        String text;
        try (WebhookMetrics metrics = new WebhookMetrics(NO_DATABASE, () -> 0, DURABLE)) {
            metrics.request("github", "accepted");
            metrics.signatureFailure("gitlab");
            text = metrics.scrape();
        }
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).isBlank();
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
