package io.fraisier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Validates {@code monitoring/} and a live scrape with Prometheus's own {@code promtool}. */
class PromtoolIT {
    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = onPath("promtool");
        Assumptions.assumeTrue(
                promtool != null,
                "promtool is not on PATH: install prometheus (apt-get install -y --no-install-recommends prometheus)"
                        + " for promtool");
    }

    private static Path onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private record Result(int exit, String output) {}

    private static Result promtool(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(MonitoringFiles.dir().toFile())
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), output);
    }

    @Test
    void checkRules_acceptsTheAlertRules() throws Exception {
        Result result = promtool("", "check", "rules", "alert-rules.yml");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 6 rules found");
    }

    @Test
    void checkConfig_acceptsThePrometheusConfigAndItsRuleFile() throws Exception {
        Result result = promtool("", "check", "config", "prometheus.yml");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void testRules_passesEveryAlertUnitTest() throws Exception {
        Result result = promtool("", "test", "rules", "tests/alert-rules.test.yml");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void checkMetrics_findsNoLintProblemInALiveScrape() throws Exception {
        String scrape =
                MonitoringFiles.withLiveExporter(url -> String.join("\n", new ScrapeClient().lines(url)) + "\n");
        assertThat(scrape).contains("fraisier_deployments_total{", "fraisier_host_availability{");

        Result result = promtool(scrape, "check", "metrics");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).isBlank();
    }
}
