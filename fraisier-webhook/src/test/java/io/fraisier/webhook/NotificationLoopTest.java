package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.config.NotificationsConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.Notification;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The daemon's delivery loop sends the notification of a deployment its workers ran, once. */
class NotificationLoopTest {
    private final InMemoryStore store = new InMemoryStore();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private WebhookDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aPushedDeployment_isAnnouncedByTheDaemon_once() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        FraisierConfig base = TestConfigs.config();
        NotificationChannel ops = new NotificationChannel(
                "ops",
                "webhook",
                NotificationChannel.DEFAULT_ON,
                Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                Map.of("secret", Secret.of("loop-secret")),
                Map.of());
        FraisierConfig config = new FraisierConfig(
                base.source(),
                base.database(),
                base.git(),
                base.webhook(),
                base.metrics(),
                base.branchMapping(),
                base.fraises(),
                base.freezeWindows(),
                new NotificationsConfig(List.of(ops), null));
        Fraisier fraisier = TestConfigs.fraisier(
                config, store, clock, new ScriptedProviderFactory("bare_metal"), new ScriptedProviderFactory("docker"));
        daemon = new WebhookDaemon(fraisier, clock, Duration.ofSeconds(5), Duration.ofMillis(50)).start();

        HttpResponse<String> push = HttpClient.newHttpClient()
                .send(TestConfigs.githubPush(daemon.port(), "n-1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(push.statusCode()).isEqualTo(202);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.outbox().list(Set.of(Notification.State.DELIVERED), 10).isEmpty()) {
            assertThat(System.nanoTime()).as("delivered within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(300); // several more passes of the loop: none sends it again
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).contains("\"status\":\"success\"", "\"trigger\":\"webhook\"");
    }
}
