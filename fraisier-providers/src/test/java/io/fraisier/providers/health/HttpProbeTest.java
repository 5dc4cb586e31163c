package io.fraisier.providers.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private HttpProbe probe;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/ok", 200);
        answer("/created", 201);
        answer("/down", 503);
        answer("/moved", 302);
        server.createContext("/hang", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        probe = new HttpProbe();
    }

    @AfterEach
    void stop() {
        release.countDown();
        probe.close();
        server.stop(0);
    }

    @Test
    void probe_of200_isHealthy() {
        ProbeResult result = probe.probe(url("/ok"), null, TIMEOUT);
        assertThat(result.healthy()).isTrue();
        assertThat(result.detail()).isEqualTo("HTTP 200");
        assertThat(result.took()).isPositive();
    }

    @Test
    void probe_ofAny2xx_isHealthy_whenNoStatusIsExpected() {
        assertThat(probe.probe(url("/created"), null, TIMEOUT).healthy()).isTrue();
    }

    @Test
    void probe_of503_isUnhealthy() {
        ProbeResult result = probe.probe(url("/down"), null, TIMEOUT);
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).isEqualTo("HTTP 503 (expected 2xx)");
    }

    @Test
    void probe_withExpectedStatus_acceptsOnlyThatStatus() {
        assertThat(probe.probe(url("/down"), 503, TIMEOUT).healthy()).isTrue();
        ProbeResult ok = probe.probe(url("/ok"), 204, TIMEOUT);
        assertThat(ok.healthy()).isFalse();
        assertThat(ok.detail()).isEqualTo("HTTP 200 (expected 204)");
    }

    @Test
    void probe_doesNotFollowRedirects() {
        ProbeResult result = probe.probe(url("/moved"), null, TIMEOUT);
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).startsWith("HTTP 302");
    }

    @Test
    void probe_ofAClosedPort_saysConnectionRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProbeResult result = probe.probe("http://127.0.0.1:" + port + "/health", null, TIMEOUT);
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).isEqualTo("connection refused");
    }

    @Test
    void probe_ofAServerThatDoesNotAnswer_timesOut() {
        ProbeResult result = probe.probe(url("/hang"), null, Duration.ofMillis(200));
        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).isEqualTo("timed out after 200 ms");
        assertThat(result.took()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void probe_ofSomethingThatIsNoHttpUrl_isAConfigError() {
        assertThatThrownBy(() -> probe.probe("ftp://example.com/x", null, TIMEOUT))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("health_check_url");
    }

    private void answer(String path, int status) {
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
