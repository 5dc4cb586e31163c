package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.WebhookConfig;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of unauthenticated connections that send their headers, then trickle their body one byte at
 * a time, must not stop the daemon answering a valid signed push or {@code /health}.
 *
 * <p>{@code -Dfraisier.slowClients=1000} runs it with more connections (bench/webhook/README.md).
 */
class SlowClientTest {
    private static final int CONNECTIONS = Integer.getInteger("fraisier.slowClients", 300);
    /** Generous: the build machine is shared and noisy; the target is well under a second. */
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final List<Socket> sockets = new ArrayList<>();
    private WebhookServer server;
    private Thread trickler;

    @AfterEach
    void cleanUp() throws Exception {
        if (trickler != null) {
            trickler.interrupt();
            trickler.join(5_000);
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void tricklingUnauthenticatedBodies_leaveSignedPushAndHealthAnswered() throws Exception {
        long limit = openFileLimit();
        assumeTrue(
                limit < 0 || limit >= 2L * CONNECTIONS + 256,
                "needs " + (2 * CONNECTIONS + 256) + " open files (ulimit -n is " + limit + ");"
                        + " raise it with ulimit -n or run with -Dfraisier.slowClients=" + (limit - 256) / 2);
        // many clients (X-Forwarded-For from a trusted proxy) and no rate limit: the caps under test are
        // the body-reading ones, not the per-client request rate
        FraisierConfig config = TestConfigs.config(
                TestConfigs.git("github"), new WebhookConfig("127.0.0.1", 0, 4096, 0, List.of("127.0.0.1"), 2));
        server = new WebhookServer(TestConfigs.fraisier(config, store, clock), clock).start();

        for (int i = 0; i < CONNECTIONS; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            sockets.add(socket);
            String head = "POST /webhook HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\n"
                    + "X-GitHub-Event: push\r\n"
                    + "X-GitHub-Delivery: slow-" + i + "\r\n"
                    + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n"
                    + "X-Forwarded-For: 10.0." + (i / 250) + "." + (i % 250 + 1) + "\r\n"
                    + "Content-Length: 4000\r\n\r\n{";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }
        trickler = Thread.ofPlatform().daemon().start(this::trickle);
        Thread.sleep(1_500); // let the daemon take every connection in

        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest push = TestConfigs.githubPush(server.port(), "real-1")
                .timeout(Duration.ofSeconds(20))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> pushed = http.send(push, HttpResponse.BodyHandlers.ofString());
        Duration pushTook = Duration.ofNanos(System.nanoTime() - started);

        started = System.nanoTime();
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Duration healthTook = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf(
                "slow clients: %d trickling connections; signed push %d in %d ms, /health %d in %d ms%n",
                CONNECTIONS, pushed.statusCode(), pushTook.toMillis(), health.statusCode(), healthTook.toMillis());
        assertThat(pushed.statusCode()).isEqualTo(202);
        assertThat(pushTook).isLessThan(BOUND);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(healthTook).isLessThan(BOUND);
    }

    /**
     * Connections that trickle their request head (one header byte a second, which keeps resetting Jetty's
     * idle timeout) are closed within {@link WebhookServer#HEAD_DEADLINE}; before, each one held its
     * connection for hours without the handler, its rate limit or its caps ever seeing it.
     */
    @Test
    void tricklingRequestHeads_areClosedAfterTheHeadDeadline_andASignedPushIsStillAnswered() throws Exception {
        server = new WebhookServer(TestConfigs.fraisier(TestConfigs.config(), store, clock), clock).start();
        for (int i = 0; i < 20; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            sockets.add(socket);
            socket.getOutputStream()
                    .write(("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-" + i + ": ")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }
        long started = System.nanoTime();
        trickler = Thread.ofPlatform().daemon().start(this::trickle);

        Duration bound = WebhookServer.HEAD_DEADLINE.plus(HeadDeadline.EVERY).plusSeconds(10);
        for (Socket socket : sockets) {
            long left = bound.toMillis()
                    - Duration.ofNanos(System.nanoTime() - started).toMillis();
            socket.setSoTimeout((int) Math.max(1, left));
            assertThat(closedByTheDaemon(socket))
                    .as("a connection trickling its head still open after %s", bound)
                    .isTrue();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("cut before the deadline").isGreaterThan(WebhookServer.HEAD_DEADLINE.minusSeconds(1));

        HttpResponse<String> pushed = HttpClient.newHttpClient()
                .send(
                        TestConfigs.githubPush(server.port(), "after-slow-heads")
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
    }

    /** Whether the daemon closed {@code socket} (end of stream or reset) before its read timeout. */
    private static boolean closedByTheDaemon(Socket socket) throws IOException {
        try {
            while (true) {
                if (socket.getInputStream().read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    /** One byte a second on every connection that is still open, until interrupted. */
    private void trickle() {
        while (!Thread.currentThread().isInterrupted()) {
            for (Socket socket : sockets) {
                if (socket.isClosed()) {
                    continue;
                }
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(' ');
                    out.flush();
                } catch (IOException e) {
                    try {
                        socket.close(); // the daemon hung up on it: that is allowed
                    } catch (IOException ignored) {
                        // already gone
                    }
                }
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The process's open-file limit, or -1 when the platform does not tell. */
    private static long openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return os.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
