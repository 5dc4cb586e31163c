package io.fraisier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus server scrapes a live exporter and loads the alert rules. */
class PrometheusScrapeIT {
    private static final Duration PATIENCE = Duration.ofSeconds(40);

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void prometheus_scrapesTheExporterAndSeesTheDatabaseCounters() throws Exception {
        Path prometheus = onPath("prometheus");
        Assumptions.assumeTrue(
                prometheus != null,
                "prometheus is not on PATH: install prometheus (apt-get install -y --no-install-recommends"
                        + " prometheus)");

        JsonNode result = MonitoringFiles.withLiveExporter(url -> scrapeWithPrometheus(prometheus, url));

        assertThat(result.at("/0/metric/fraise").asText()).isEqualTo("my_api");
        assertThat(result.at("/0/value/1").asText()).isEqualTo("41");
    }

    private JsonNode scrapeWithPrometheus(Path prometheus, URI exporter) {
        try {
            int port = freePort();
            Path config = work.resolve("prometheus.yml");
            Files.writeString(
                    config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: fraisier
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(MonitoringFiles.dir().resolve("alert-rules.yml"), exporter.getPort()));
            Process server = new ProcessBuilder(
                            prometheus.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + work.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("prometheus.log").toFile())
                    .start();
            try {
                return awaitResult(port, "fraisier_deployments_total{status=\"success\",fraise=\"my_api\"}");
            } finally {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode awaitResult(int port, String query) throws IOException, InterruptedException {
        URI uri = URI.create(
                "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        Instant deadline = Instant.now().plus(PATIENCE);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response =
                        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                last = response.body();
                JsonNode result = json.readTree(last).at("/data/result");
                if (result.isArray() && !result.isEmpty()) {
                    return result;
                }
            } catch (IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never returned " + query + " within " + PATIENCE + "; last answer: " + last
                + "\nlog:\n" + Files.readString(work.resolve("prometheus.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
