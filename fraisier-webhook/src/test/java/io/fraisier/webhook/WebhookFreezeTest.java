package io.fraisier.webhook;

import static io.fraisier.webhook.Payloads.SHA;
import static io.fraisier.webhook.Payloads.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A push to a frozen target is answered 200 {@code ignored} (reason {@code frozen: …}) and queues nothing. */
class WebhookFreezeTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private WebhookServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> push(String branch, String delivery) throws Exception {
        server = server != null
                ? server
                : new WebhookServer(TestConfigs.fraisier(TestConfigs.config(), store, clock), clock).start();
        String body = Payloads.githubPush("refs/heads/" + branch, SHA, false);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/webhook"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + hmacHex(TestConfigs.GITHUB_SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pushToAFrozenTarget_isIgnoredAsFrozen_with200_andQueuesNothing() throws Exception {
        store.freezes()
                .put(new Freeze(
                        Target.of("my_api", "production"),
                        null,
                        "alice@ops1",
                        "incident 42",
                        clock.instant(),
                        clock.instant().plus(Duration.ofHours(2))));

        HttpResponse<String> response = push("main", "d-frozen");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("outcome").asText()).isEqualTo("ignored");
        assertThat(body.path("reason").asText())
                .startsWith("frozen: my_api/production")
                .contains("incident 42");
        assertThat(store.allDeployments()).isEmpty();
        WebhookEvent event = TestConfigs.events(store).getFirst();
        assertThat(event.processed()).isTrue();
        assertThat(event.outcome()).startsWith("ignored: frozen: my_api/production");
    }

    @Test
    void pushToATargetWhoseFreezeEnded_isQueuedAgain() throws Exception {
        store.freezes()
                .put(new Freeze(
                        Target.of("my_api", "production"),
                        null,
                        "alice@ops1",
                        "short",
                        clock.instant(),
                        clock.instant().plus(Duration.ofMinutes(5))));
        clock.advance(Duration.ofMinutes(6));

        HttpResponse<String> response = push("main", "d-thawed");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(store.allDeployments())
                .extracting(Deployment::target)
                .containsExactly(Target.of("my_api", "production"));
    }

    @Test
    void pushToTwoTargets_oneFrozen_queuesOnlyTheOther_andSaysWhy() throws Exception {
        store.freezes()
                .put(new Freeze(Target.of("my_api", "staging"), null, "bob@ops2", "qa freeze", clock.instant(), null));

        HttpResponse<String> response = push("develop", "d-half");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json.readTree(response.body()).path("reason").asText()).contains("frozen: my_api/staging");
        assertThat(store.allDeployments())
                .extracting(Deployment::target)
                .containsExactly(Target.of("worker", "staging"));
    }
}
