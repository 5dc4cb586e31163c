package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping the daemon while a delivery is being stored: the store is closed only after it is finished. */
class WebhookServerStopTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final CountDownLatch recording = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /**
     * The clock, which holds up the thread that stores a delivery (a {@code fraisier-webhook-request-}
     * thread) the first time it asks for the time, until {@link #release}: a delivery caught half-way.
     */
    private final Clock slowToStore = new Clock() {
        @Override
        public Instant instant() {
            if (Thread.currentThread().getName().startsWith("fraisier-webhook-request-") && recording.getCount() > 0) {
                recording.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return clock.instant();
        }

        @Override
        public ZoneId getZone() {
            return clock.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return clock.withZone(zone);
        }
    };

    @Test
    void stop_waitsForTheDeliveryBeingStored_thenStops() throws Exception {
        WebhookServer server =
                new WebhookServer(TestConfigs.fraisier(TestConfigs.config(), store, slowToStore), slowToStore).start();
        CompletableFuture<HttpResponse<String>> push = HttpClient.newHttpClient()
                .sendAsync(
                        TestConfigs.githubPush(server.port(), "in-flight").build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(recording.await(10, TimeUnit.SECONDS))
                .as("the delivery reached the store")
                .isTrue();

        Thread stopping = Thread.ofPlatform().start(server::stop);
        stopping.join(500);
        // before, stop() returned here, and the daemon then closed the store under the delivery
        assertThat(stopping.isAlive())
                .as("stop() waits for the delivery being stored")
                .isTrue();

        release.countDown();
        stopping.join(10_000);
        assertThat(stopping.isAlive()).isFalse();
        assertThat(TestConfigs.events(store))
                .singleElement()
                .satisfies(e -> assertThat(e.processed()).isTrue());
        assertThat(store.allDeployments()).hasSize(1);
        push.handle((reply, failure) -> null).get(10, TimeUnit.SECONDS);
    }
}
