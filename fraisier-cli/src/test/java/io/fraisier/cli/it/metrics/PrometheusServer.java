package io.fraisier.cli.it.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
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
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server on 127.0.0.1 scraping one job per exporter every second, queried through its
 * HTTP API as Grafana or an operator would.
 */
final class PrometheusServer implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** {@code program} on PATH, if installed. */
    static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts Prometheus scraping {@code 127.0.0.1:port} for each job (name → port) and waits until it is ready. */
    static PrometheusServer start(Path binary, Path dir, Map<String, Integer> jobs) throws IOException {
        Files.createDirectories(dir);
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                """);
        jobs.forEach((job, port) -> config.append("""
                  - job_name: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(job, port)));
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + file,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, log, URI.create("http://127.0.0.1:" + port));
        server.awaitReady();
        return server;
    }

    /** The {@code data.result} array of an instant query at the current time. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + promql + ": " + answer);
        }
        return answer.at("/data/result");
    }

    /**
     * Waits until every target is up and was scraped twice after {@code after}: the first such scrape's
     * samples are then in the database, so a query now sees what the exporter served after that instant.
     */
    void awaitFreshScrapes(Instant after) throws IOException, InterruptedException {
        Map<String, Instant> first = awaitScrapes(after, Map.of());
        awaitScrapes(after, first);
    }

    private Map<String, Instant> awaitScrapes(Instant after, Map<String, Instant> previous)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        JsonNode targets = null;
        while (Instant.now().isBefore(deadline)) {
            targets = get("/api/v1/targets?state=active").at("/data/activeTargets");
            Map<String, Instant> scraped = new HashMap<>();
            for (JsonNode target : targets) {
                String job = target.at("/labels/job").asText();
                Instant last =
                        OffsetDateTime.parse(target.path("lastScrape").asText()).toInstant();
                boolean fresh = last.isAfter(after) && last.isAfter(previous.getOrDefault(job, Instant.MIN));
                if ("up".equals(target.path("health").asText()) && fresh) {
                    scraped.put(job, last);
                }
            }
            if (!targets.isEmpty() && scraped.size() == targets.size()) {
                return scraped;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus did not scrape every target after " + after + " within " + PATIENCE
                + "; targets: " + targets + "\nlog:\n" + Files.readString(log));
    }

    private void awaitReady() throws IOException {
        Instant deadline = Instant.now().plus(PATIENCE);
        try {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError(
                            "prometheus exited " + process.exitValue() + ":\n" + Files.readString(log));
                }
                try {
                    HttpResponse<String> ready = http.send(
                            HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("prometheus was not ready within " + PATIENCE + ":\n" + Files.readString(log));
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
