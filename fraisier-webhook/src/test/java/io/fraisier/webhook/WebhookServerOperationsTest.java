package io.fraisier.webhook;

import static io.fraisier.webhook.Payloads.SHA;
import static io.fraisier.webhook.Payloads.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rate limits, proxies, health, metrics, an unreachable database and stopping. */
class WebhookServerOperationsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final List<WebhookServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(WebhookServer::stop);
    }

    private WebhookServer start(FraisierConfig config) {
        WebhookServer server = new WebhookServer(TestConfigs.fraisier(config, store, clock), clock).start();
        servers.add(server);
        return server;
    }

    private HttpResponse<String> push(WebhookServer server, String delivery, String forwardedFor) throws Exception {
        String payload = Payloads.githubPush("refs/heads/main", SHA, false);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/webhook"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + hmacHex(TestConfigs.GITHUB_SECRET, payload))
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(WebhookServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void clientOverTheRateLimit_gets429WithRetryAfter_untilTheBucketRefills() throws Exception {
        WebhookServer server = start(TestConfigs.config(TestConfigs.git("github"), TestConfigs.webhook(2, List.of())));
        push(server, "r-1", null);
        push(server, "r-2", null);

        HttpResponse<String> third = push(server, "r-3", null);
        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> afterRefill = push(server, "r-4", null);

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).contains("30");
        assertThat(third.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(afterRefill.statusCode()).isEqualTo(202);
        assertThat(TestConfigs.events(store)).hasSize(3);
    }

    @Test
    void forwardedForFromAnUntrustedAddress_isIgnoredForTheRateLimit() throws Exception {
        WebhookServer server = start(TestConfigs.config(TestConfigs.git("github"), TestConfigs.webhook(1, List.of())));
        push(server, "x-1", "203.0.113.1");

        HttpResponse<String> spoofed = push(server, "x-2", "203.0.113.2");

        assertThat(spoofed.statusCode()).isEqualTo(429);
    }

    @Test
    void forwardedForFromATrustedProxy_limitsEachClientSeparately() throws Exception {
        WebhookServer server =
                start(TestConfigs.config(TestConfigs.git("github"), TestConfigs.webhook(1, List.of("127.0.0.1"))));
        push(server, "t-1", "203.0.113.1");

        HttpResponse<String> otherClient = push(server, "t-2", "203.0.113.2");
        HttpResponse<String> sameClient = push(server, "t-3", "198.51.100.7, 203.0.113.1");

        assertThat(otherClient.statusCode()).isEqualTo(202);
        assertThat(sameClient.statusCode()).isEqualTo(429);
    }

    @Test
    void databaseDown_pushAnswers503AndNothingIsAcknowledged_andHealthSays503() throws Exception {
        WebhookServer server = start(TestConfigs.config());
        store.down(true);

        HttpResponse<String> response = push(server, "db-1", null);
        HttpResponse<String> health = get(server, "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json.readTree(response.body()).path("type").asText())
                .isEqualTo("urn:fraisier:problem:database_unavailable");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    /** A delivery stored unprocessed, as a request leaves it when the database fails after its first write. */
    private long halfDone(String delivery) {
        return store.webhooks()
                .record(new io.fraisier.core.model.WebhookEvent(
                        0,
                        clock.instant(),
                        "github",
                        "push",
                        delivery,
                        "main",
                        "branch",
                        SHA,
                        "octocat",
                        null,
                        "{}",
                        false,
                        null,
                        List.of()))
                .event()
                .id();
    }

    @Test
    void deliveryStoredButNotProcessedBeforeTheDatabaseFailed_isFinishedWhenRedelivered() throws Exception {
        WebhookServer server = start(TestConfigs.config());
        // the failed request gave its claim back
        store.webhooks().releaseClaim(halfDone("half"));

        HttpResponse<String> redelivered = push(server, "half", null);

        assertThat(redelivered.statusCode()).isEqualTo(202);
        assertThat(store.allDeployments()).hasSize(1);
        assertThat(TestConfigs.events(store))
                .singleElement()
                .satisfies(e -> assertThat(e.processed()).isTrue());
    }

    @Test
    void deliveryClaimedByARequestThatDied_is409WithinTheLease_neverA2xx_andFinishedAfterIt() throws Exception {
        WebhookServer server = start(TestConfigs.config());
        long id = halfDone("died");

        HttpResponse<String> early = push(server, "died", null);
        clock.advance(io.fraisier.core.spi.WebhookEventStore.CLAIM_LEASE.plusSeconds(1));
        HttpResponse<String> late = push(server, "died", null);
        HttpResponse<String> again = push(server, "died", null);

        // a 2xx here would tell the git host the push was taken, and it may never be deployed
        assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
        assertThat(early.headers().firstValue("Retry-After")).contains("5");
        assertThat(early.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json.readTree(early.body()).path("detail").asText())
                .contains("Delivery died (webhook event " + id + ")", "not finished");
        assertThat(json.readTree(early.body()).path("hint").asText()).contains("Redeliver");
        assertThat(late.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("outcome").asText()).isEqualTo("duplicate");
        assertThat(json.readTree(again.body()).path("event").asLong()).isEqualTo(id);
        assertThat(store.allDeployments())
                .singleElement()
                .satisfies(d -> assertThat(d.webhookEventId()).isEqualTo(id));
    }

    @Test
    void storeThatCannotWrite_pushAnswers503WithRetryAfter_andHealthSays503() throws Exception {
        WebhookServer server = start(TestConfigs.config());
        store.failWrites(true);

        HttpResponse<String> response = push(server, "full-1", null);
        HttpResponse<String> health = get(server, "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).doesNotContain("in-memory");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.headers().firstValue("Retry-After")).isPresent();
        assertThat(health.body()).doesNotContain("in-memory");
    }

    @Test
    void storeThatRefusesThisHostsClock_pushAnswers503WithRetryAfter_withoutNamingTheDatabase() throws Exception {
        WebhookServer server = start(TestConfigs.config());
        store.failWritesWith(new io.fraisier.core.error.FraisierException(
                io.fraisier.core.error.ErrorCode.CLOCK_SKEW,
                "This host's clock is 120.0 s ahead of the clock of the PostgreSQL server at db.internal:5432",
                "Synchronise the clocks (chrony, systemd-timesyncd)."));

        HttpResponse<String> response = push(server, "skew-1", null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        // the caller learns that it was not stored and to redeliver, not where the database is
        assertThat(response.body())
                .contains("not stored")
                .doesNotContain("db.internal")
                .doesNotContain("clock");
    }

    @Test
    void health_withDatabaseUp_answers200() throws Exception {
        HttpResponse<String> health = get(start(TestConfigs.config()), "/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void metrics_showRequestsByHostAndOutcome_queueDepthAndJvm() throws Exception {
        WebhookServer server = start(TestConfigs.config());
        push(server, "m-1", null);

        HttpResponse<String> metrics = get(server, "/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("fraisier_webhook_requests_total{host=\"github\",outcome=\"deployed\"} 1.0")
                .contains("fraisier_webhook_queue_depth 1.0")
                .contains("fraisier_webhook_workers_busy 0.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void metrics_withDatabaseDown_stillAnswer() throws Exception {
        WebhookServer server = start(TestConfigs.config());
        store.down(true);

        HttpResponse<String> metrics = get(server, "/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("fraisier_webhook_queue_depth NaN")
                .doesNotContain("fraisier_lock_wait_seconds");
    }

    @Test
    void drainingDaemon_storesAndQueuesNewWebhooks_sayingSo_butAnswers503ToHealth() throws Exception {
        WebhookServer server = start(TestConfigs.config());
        server.drain();

        HttpResponse<String> response = push(server, "d-1", null);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"outcome\":\"deployed\"", "this daemon is stopping", "queued");
        assertThat(TestConfigs.events(store)).hasSize(1);
        assertThat(store.allDeployments())
                .singleElement()
                .extracting(io.fraisier.core.model.Deployment::status)
                .isEqualTo(io.fraisier.core.model.DeploymentStatus.PENDING);
        HttpResponse<String> health = get(server, "/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void stoppingDaemon_answers503ToNewWebhooksAndHealth() throws Exception {
        WebhookServer server = start(TestConfigs.config());
        server.stopAccepting();

        HttpResponse<String> response = push(server, "s-1", null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(get(server, "/health").statusCode()).isEqualTo(503);
        assertThat(TestConfigs.events(store)).isEmpty();
    }

    @Test
    void unknownPath_answers404Problem() throws Exception {
        HttpResponse<String> response = get(start(TestConfigs.config()), "/nowhere");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    }
}
