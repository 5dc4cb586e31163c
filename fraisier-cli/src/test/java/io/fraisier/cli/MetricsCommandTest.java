package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.cli.command.MetricsCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MetricsCommandTest {
    @TempDir
    Path dir;

    Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  my_api:
                    type: api
                    environments:
                      production:
                        provider: local
                        app_path: /srv/my-api
                """);
        env = Map.of(
                "FRAISIER_HOME", dir.resolve("home").toString(),
                "FRAISIER_LOG_DIR", dir.resolve("log").toString(),
                "HOME", dir.toString());
    }

    @Test
    void metrics_servesPrometheusText_fromTheStore_untilStopped() throws Exception {
        CommandLine cli = FraisierCommand.commandLine(env, dir);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        MetricsCommand metrics = cli.getSubcommands().get("metrics").getCommand();

        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(() -> cli.execute("metrics", "--port", "0", "--address", "127.0.0.1"));
        try {
            assertThat(metricsListening(metrics, exit)).as(err.toString()).isTrue();
            HttpResponse<String> scrape = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(metrics.url()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains("fraisier_active_deployments{provider=\"local\"}")
                    .contains("fraisier_provider_availability{provider=\"local\",target=\"my_api/production\"}");
            assertThat(err.toString()).contains("Serving metrics on http://127.0.0.1:", "Ctrl-C stops");
        } finally {
            if (metrics.running() != null) {
                metrics.running().close();
            }
        }
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(dir.resolve("log/fraisier.log")).exists();
    }

    @Test
    void metrics_onAFleet_exportsEachHostsAvailability_andTheEnvironmentDownWhenOneIs() throws Exception {
        Path blue = Files.createDirectories(dir.resolve("blue"));
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  my_api:
                    type: api
                    environments:
                      production:
                        provider: local
                        hosts:
                          - { host: blue, app_path: %s }
                          - { host: green, app_path: %s/green }
                """.formatted(blue, notADirectory));
        CommandLine cli = FraisierCommand.commandLine(env, dir);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        MetricsCommand metrics = cli.getSubcommands().get("metrics").getCommand();

        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(() -> cli.execute("metrics", "--port", "0", "--address", "127.0.0.1"));
        try {
            assertThat(metricsListening(metrics, exit)).as(err.toString()).isTrue();
            String body = "";
            // the first probe round runs on the probe thread right after the start
            for (int i = 0; i < 100 && !body.contains("fraisier_host_availability{"); i++) {
                body = HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(metrics.url()).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                Thread.sleep(100);
            }
            assertThat(body)
                    .as(err.toString())
                    .contains(
                            "fraisier_host_availability{host=\"blue\",provider=\"local\",target=\"my_api/production\"} 1.0",
                            "fraisier_host_availability{host=\"green\",provider=\"local\",target=\"my_api/production\"} 0.0",
                            "fraisier_provider_availability{provider=\"local\",target=\"my_api/production\"} 0.0");
        } finally {
            if (metrics.running() != null) {
                metrics.running().close();
            }
        }
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void metrics_onAPortInUse_isAUsageErrorNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun.Result result = new CliRun(dir)
                    .run("metrics", "--address", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(result.exit()).as(result.toString()).isEqualTo(2);
            assertThat(result.err())
                    .contains("Cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("hint: ");
        }
    }

    @Test
    void metrics_withAnInvalidMetricsSwitch_isAConfigError() {
        CliRun.Result result =
                new CliRun(dir).env("FRAISIER_METRICS_ENABLED", "maybe").run("metrics");

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err()).startsWith("error: FRAISIER_METRICS_ENABLED='maybe' is not a boolean");
    }

    private static boolean metricsListening(MetricsCommand metrics, CompletableFuture<Integer> exit)
            throws InterruptedException {
        for (int i = 0; i < 200 && !exit.isDone(); i++) {
            if (metrics.awaitListening(50)) {
                return true;
            }
        }
        return false;
    }
}
