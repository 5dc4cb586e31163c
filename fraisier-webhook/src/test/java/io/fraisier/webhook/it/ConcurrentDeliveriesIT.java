package io.fraisier.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.WebhookConfig;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.webhook.Payloads;
import io.fraisier.webhook.TestConfigs;
import io.fraisier.webhook.WebhookServer;
import io.fraisier.webhook.it.ItDatabases.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Copies of one delivery arriving at once, over real HTTP on the real stores: exactly one copy queues
 * work, and one delivery queues at most one deployment per target.
 */
class ConcurrentDeliveriesIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Copies of a delivery sent at once: as many as one client may have bodies in flight
     * ({@code BodyGate.forHeap}: 16). One more, under a loaded machine, is rightly refused 429 while the
     * others are still being read, which is the gate's test, not this one's.
     */
    private static final int COPIES = 16;
    /** No rate limit in the way, and room for a push listing 10,000 changes. */
    private static final FraisierConfig CONFIG = TestConfigs.config(
            TestConfigs.git("github"), new WebhookConfig("127.0.0.1", 0, 16L * 1024 * 1024, 1_000_000, List.of(), 2));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void twentyBurstsOfIdenticalRequests_storeOneEventPerDelivery_andQueueEachTargetOnce(Kind kind) throws Exception {
        String url = ItDatabases.fresh(kind, dir);
        ExecutorService pool = Executors.newFixedThreadPool(COPIES);
        try (FraisierStore store = ItDatabases.open(url);
                WebhookServer server = new WebhookServer(
                                TestConfigs.fraisier(CONFIG, store, Clock.systemUTC()), Clock.systemUTC())
                        .start()) {
            for (int burst = 0; burst < 20; burst++) {
                String delivery = "burst-" + burst;
                // develop maps to two targets: my_api/staging and worker/staging
                String body = Payloads.githubPush("refs/heads/develop", Payloads.SHA, false);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> copies = new ArrayList<>();
                for (int copy = 0; copy < COPIES; copy++) {
                    copies.add(pool.submit(() -> {
                        go.await();
                        return send(server, "/webhook", githubHeaders(delivery, body), body);
                    }));
                }
                go.countDown();
                List<JsonNode> answers = new ArrayList<>();
                for (Future<HttpResponse<String>> copy : copies) {
                    HttpResponse<String> reply = copy.get();
                    // 409 while the first copy is at it: a 2xx only once the delivery is stored and queued
                    assertThat(reply.statusCode()).as(reply.body()).isIn(200, 202, 409);
                    JsonNode answer = JSON.readTree(reply.body());
                    if (reply.statusCode() == 409) {
                        assertThat(answer.path("type").asText())
                                .as(reply.body())
                                .endsWith("delivery_in_progress");
                    } else {
                        answers.add(answer);
                    }
                }
                assertThat(answers)
                        .as("burst %d", burst)
                        .filteredOn(a -> a.path("outcome").asText().equals("deployed"))
                        .hasSize(1);
                assertThat(answers)
                        .filteredOn(a -> !a.path("outcome").asText().equals("deployed"))
                        .allSatisfy(a -> assertThat(a.path("outcome").asText()).isEqualTo("duplicate"));
                assertThat(answers.stream().map(a -> a.path("event").asLong()).distinct())
                        .as("every copy names the original event")
                        .hasSize(1);
                // what a sender told 409 does next: the redelivery is a duplicate of a finished delivery
                HttpResponse<String> redelivered = send(server, "/webhook", githubHeaders(delivery, body), body);
                assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(200);
                assertThat(JSON.readTree(redelivered.body()).path("outcome").asText())
                        .isEqualTo("duplicate");
            }

            List<WebhookEvent> events = store.webhooks().recent(1_000);
            assertThat(events).hasSize(20);
            assertThat(events).allSatisfy(e -> assertThat(e.deploymentIds()).hasSize(2));
            List<Deployment> deployments = all(store);
            Map<String, Long> perDeliveryAndTarget = deployments.stream()
                    .collect(Collectors.groupingBy(d -> d.webhookEventId() + " " + d.target(), Collectors.counting()));
            assertThat(perDeliveryAndTarget).hasSize(40);
            assertThat(perDeliveryAndTarget.values())
                    .allSatisfy(n -> assertThat(n).isEqualTo(1L));
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void bitbucketPushListingTenThousandChangesOfMain_retried_queuesOneDeployment(Kind kind) throws Exception {
        String url = ItDatabases.fresh(kind, dir);
        String change = Payloads.bitbucketChange("branch", "main", Payloads.SHA, false);
        String body =
                Payloads.bitbucketCloudPush(Collections.nCopies(10_000, change).toArray(String[]::new));
        List<String> headers = List.of(
                "X-Event-Key",
                "repo:push",
                "X-Request-UUID",
                "bb-10000",
                "X-Hub-Signature",
                "sha256=" + Payloads.hmacHex("bb-secret", body));
        try (FraisierStore store = ItDatabases.open(url);
                WebhookServer server = new WebhookServer(
                                TestConfigs.fraisier(CONFIG, store, Clock.systemUTC()), Clock.systemUTC())
                        .start()) {
            HttpResponse<String> first = send(server, "/webhook/bitbucket", headers, body);
            HttpResponse<String> retry = send(server, "/webhook/bitbucket", headers, body);

            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            assertThat(JSON.readTree(first.body()).path("deployments")).hasSize(1);
            assertThat(JSON.readTree(first.body()).path("reason").asText())
                    .contains("9900 ref update(s) after the first 100 were not considered");
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
            assertThat(JSON.readTree(retry.body()).path("outcome").asText()).isEqualTo("duplicate");
            assertThat(all(store)).hasSize(1);
            // the history keeps the parsed fields, not the 1 MB body
            assertThat(store.webhooks().recent(10).getFirst().payload()).hasSizeLessThan(200);
        }
    }

    private static List<Deployment> all(FraisierStore store) {
        return store.deployments().history(new HistoryQuery(null, null, null, null, 100_000));
    }

    private static List<String> githubHeaders(String delivery, String body) {
        return List.of(
                "X-GitHub-Event",
                "push",
                "X-GitHub-Delivery",
                delivery,
                "X-Hub-Signature-256",
                "sha256=" + Payloads.hmacHex(TestConfigs.GITHUB_SECRET, body));
    }

    private static HttpResponse<String> send(WebhookServer server, String path, List<String> headers, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
