package io.fraisier.webhook;

import static io.fraisier.webhook.Payloads.SHA;
import static io.fraisier.webhook.Payloads.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import java.io.IOException;
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

/** The caps on bodies in flight, through the real server: refused at once, with Retry-After. */
class BodyLimitsTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Socket> sockets = new ArrayList<>();
    private WebhookServer server;

    @AfterEach
    void cleanUp() {
        closeSockets();
        if (server != null) {
            server.stop();
        }
    }

    private void start(BodyGate gate) {
        server = new WebhookServer(
                        TestConfigs.fraisier(TestConfigs.config(), store, clock), clock, () -> 0, () -> {}, gate)
                .start();
    }

    /** A connection that sent its headers and one byte of a 4000-byte body, then waits. */
    private void openSlowUpload(int i) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        sockets.add(socket);
        String head = "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-GitHub-Event: push\r\nX-GitHub-Delivery: slow-" + i + "\r\n"
                + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\nContent-Length: 4000\r\n\r\n{";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private void closeSockets() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        sockets.clear();
    }

    private HttpResponse<String> signedPush(String delivery) throws Exception {
        String payload = Payloads.githubPush("refs/heads/main", SHA, false);
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/webhook"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("X-GitHub-Event", "push")
                        .header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature-256", "sha256=" + hmacHex(TestConfigs.GITHUB_SECRET, payload))
                        .POST(HttpRequest.BodyPublishers.ofString(payload))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientReadingItsShareOfBodies_gets429AtOnce() throws Exception {
        start(new BodyGate(2, 100, 1 << 30));
        openSlowUpload(1);
        openSlowUpload(2);
        Thread.sleep(500);

        long started = System.nanoTime();
        HttpResponse<String> response = signedPush("third");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(response.body()).contains("too_many_uploads");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(store.allDeployments()).isEmpty();
    }

    @Test
    void bodiesInFlightPastTheMemoryBudget_get503_andTheBudgetIsGivenBackWhenTheyEnd() throws Exception {
        BodyGate gate = new BodyGate(16, 100, 4 * 4000 * 4);
        start(gate);
        for (int i = 0; i < 4; i++) {
            openSlowUpload(i);
        }
        Thread.sleep(500);

        HttpResponse<String> refused = signedPush("over-budget");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(refused.body()).contains("memory budget");

        closeSockets();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (gate.reserved() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(gate.reserved()).isZero();
        assertThat(signedPush("after").statusCode()).isEqualTo(202);
        assertThat(gate.reserved()).isZero();
    }

    @Test
    void aBodyTrickledTooSlowly_isEnded_andItsSlotGivenBack() throws Exception {
        BodyGate gate = new BodyGate(1, 100, 1 << 30);
        start(gate);
        openSlowUpload(1);
        Socket socket = sockets.getFirst();
        socket.setSoTimeout(15_000);
        long started = System.nanoTime();
        String answer = "";
        try {
            // one byte every 500 ms, far below the minimum data rate, until the daemon answers or hangs up
            for (int i = 0; i < 30 && socket.getInputStream().available() == 0; i++) {
                socket.getOutputStream().write(' ');
                socket.getOutputStream().flush();
                Thread.sleep(500);
            }
            answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        } catch (IOException hungUp) {
            // the daemon closed the connection: allowed
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer)
                .satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).matches("HTTP/1.1 40[08]"));
        assertThat(took).isLessThan(WebhookServer.READ_DEADLINE.plusSeconds(3));
        // the slot is free again: the same client may send another body
        assertThat(signedPush("next").statusCode()).isEqualTo(202);
    }
}
