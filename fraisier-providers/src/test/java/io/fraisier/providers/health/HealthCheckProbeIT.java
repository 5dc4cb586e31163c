package io.fraisier.providers.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.providers.shell.LocalCommandRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthCheckProbeIT {
    private HttpServer server;
    private HttpProbe http;
    private HealthCheckProbe probe;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        http = new HttpProbe();
        probe = new HealthCheckProbe(http, new TcpProbe(), new CommandProbe(new LocalCommandRunner()));
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    @Test
    void probe_withoutAnyCheck_isHealthy() {
        ProbeResult result = probe.probe(check(null, null, null), Duration.ofSeconds(1), null, Map.of());
        assertThat(result.healthy()).isTrue();
        assertThat(result.detail()).isEqualTo("no health check configured");
    }

    @Test
    void probe_ofEveryConfiguredCheck_isHealthyOnlyWhenAllAre() {
        String url = "http://127.0.0.1:" + port() + "/health";
        String tcp = "127.0.0.1:" + port();

        ProbeResult all = probe.probe(check(url, tcp, "true"), Duration.ofSeconds(5), null, Map.of());
        assertThat(all.healthy()).isTrue();
        assertThat(all.detail()).isEqualTo("HTTP 200; tcp " + tcp + " open; exit 0");

        ProbeResult commandFails = probe.probe(check(url, tcp, "exit 4"), Duration.ofSeconds(5), null, Map.of());
        assertThat(commandFails.healthy()).isFalse();
        assertThat(commandFails.detail()).endsWith("exit 4");
    }

    @Test
    void probe_stopsAtTheFirstUnhealthyCheck() {
        String missing = "http://127.0.0.1:" + port() + "/missing";
        ProbeResult result =
                probe.probe(check(missing, null, "echo must-not-run"), Duration.ofSeconds(5), null, Map.of());
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).isEqualTo("HTTP 404 (expected 2xx)");
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static HealthCheck check(@Nullable String url, @Nullable String tcp, @Nullable String command) {
        return new HealthCheck(url, tcp, command, null, Duration.ofSeconds(5), 0, Duration.ofSeconds(1));
    }
}
