package io.fraisier.providers.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP channels against a real HTTP server on loopback (MockWebServer). */
class HttpChannelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String TOKEN = "ghp_notARealToken123456";

    MockWebServer server;
    final HttpChannels http = new HttpChannels();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request").isNotNull();
        return r;
    }

    @Test
    void webhook_aReceiverStreamingAnEndlessAnswer_isReadOnlyUpToTheLimit_andTheSendCompletes() throws Exception {
        // 8 MiB at 256 KiB per 200 ms would take 6.4 s, past the 5 s attempt: reading all of it (into memory)
        // would time out; reading up to the limit and hanging up takes one chunk
        server.enqueue(new MockResponse()
                .setResponseCode(200)
                .setBody(new okio.Buffer().write(new byte[8 << 20]))
                .throttleBody(256 * 1024, 200, TimeUnit.MILLISECONDS));
        NotificationChannel c = Messages.channel(
                "ops", "webhook", Map.of("url", server.url("/fraisier").toString()), Map.of());

        long started = System.nanoTime();
        http.send(c, Messages.message("ops", "webhook", Messages.failedBody()), TIMEOUT);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
        assertThat(take().getPath()).isEqualTo("/fraisier");
    }

    @Test
    void webhook_postsTheMessageAsIs_signedLikeGitHub_withTheDeliveryId() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(202));
        String secret = "s3cr3t-shared";
        NotificationChannel c = Messages.channel(
                "ops",
                "webhook",
                Map.of("url", server.url("/fraisier").toString()),
                Map.of("secret", Secret.of(secret)));

        http.send(c, Messages.message("ops", "webhook", Messages.failedBody()), TIMEOUT);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/fraisier");
        byte[] body = r.getBody().readByteArray();
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(Messages.failedBody());
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(r.getHeader("X-Fraisier-Delivery")).isEqualTo("d-42");
        assertThat(r.getHeader("X-Fraisier-Event")).isEqualTo("deployment.rolled_back");
        // what a receiver does: HMAC-SHA256 of the raw body with the shared secret, hex, sha256= prefix
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        assertThat(r.getHeader("X-Fraisier-Signature-256")).isEqualTo(expected);
        assertThat(r.getHeaders().toString()).doesNotContain(secret);
    }

    @Test
    void webhook_withoutSecret_isNotSigned() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));
        NotificationChannel c =
                Messages.channel("ops", "webhook", Map.of("url", server.url("/").toString()), Map.of());

        http.send(c, Messages.message("ops", "webhook", Messages.failedBody()), TIMEOUT);

        assertThat(take().getHeader("X-Fraisier-Signature-256")).isNull();
    }

    @Test
    void non2xx_isAFailureNamingTheHostOnly() {
        server.enqueue(new MockResponse().setResponseCode(503));
        String url = server.url("/services/T000/B000/XXXXsecretpath").toString();
        NotificationChannel c = Messages.channel("chat", "slack", Map.of(), Map.of("url", Secret.of(url)));

        assertThatThrownBy(() -> http.send(c, Messages.message("chat", "slack", Messages.failedBody()), TIMEOUT))
                .isInstanceOf(DeliveryFailure.class)
                .hasMessage("HTTP 503 from " + server.getHostName() + ":" + server.getPort())
                .message()
                .doesNotContain("secretpath");
    }

    @Test
    void slack_sendsAnIncomingWebhookText_withStatusVersionsWhoErrorHintAndLink() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200).setBody("ok"));
        NotificationChannel c = Messages.channel(
                "chat",
                "slack",
                Map.of(),
                Map.of("url", Secret.of(server.url("/hooks/abc").toString())));

        http.send(c, Messages.message("chat", "slack", Messages.failedBody()), TIMEOUT);

        RecordedRequest r = take();
        JsonNode body = JSON.readTree(r.getBody().readUtf8());
        // Slack's incoming-webhook format: a JSON object whose "text" is the message (Mattermost and
        // Rocket.Chat accept the same); nothing else is required
        assertThat(body.path("text").isTextual()).isTrue();
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("text", "username");
        assertThat(body.path("text").asText())
                .startsWith(":leftwards_arrow_with_hook: *my_api/production*: rolled_back")
                .contains("`abc1234` → `0a1b2c3`", "by alice via webhook", "13 s")
                .contains("*Error* (health_check_failed): GET /health answered 503")
                .contains("*Hint*: See `fraisier status my_api production`.")
                .contains("<https://ci.example.com/d/42|Details>");
    }

    /**
     * The two GitHub calls, checked against GitHub's published OpenAPI description of the REST API
     * (github/rest-api-description, api.github.com, API version 2022-11-28): {@code POST
     * /repos/{owner}/{repo}/deployments} requires {@code ref} (string) and takes {@code task} (string),
     * {@code auto_merge} (boolean), {@code required_contexts} (array of strings), {@code payload} (object or
     * string), {@code environment} (string), {@code description} (string), {@code transient_environment} and
     * {@code production_environment} (booleans), and answers 201 with the deployment's integer {@code id};
     * {@code POST .../deployments/{deployment_id}/statuses} requires {@code state}, one of error, failure,
     * inactive, in_progress, queued, pending, success, and takes {@code target_url}, {@code log_url},
     * {@code description} (at most 140 characters), {@code environment}, {@code environment_url} (strings)
     * and {@code auto_inactive} (boolean). No other property is defined.
     */
    @Test
    void githubDeployments_createsADeploymentThenItsStatus_asGitHubsOpenApiDescribesThem() throws Exception {
        server.enqueue(new MockResponse()
                .setResponseCode(201)
                .setHeader("Content-Type", "application/json")
                .setBody("{\"id\": 1234567, \"url\": \"https://api.github.com/repos/acme/my_api/deployments/1\"}"));
        server.enqueue(new MockResponse().setResponseCode(201).setBody("{\"id\": 9}"));
        NotificationChannel c = Messages.channel(
                "gh",
                "github_deployments",
                Map.of(
                        "api_url", server.url("/").toString(),
                        "repository", "acme/my_api",
                        "environment_url", "https://api.example.com"),
                Map.of("token", Secret.of(TOKEN)));

        http.send(c, Messages.message("gh", "github_deployments", Messages.failedBody()), TIMEOUT);

        RecordedRequest create = take();
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getPath()).isEqualTo("/repos/acme/my_api/deployments");
        assertGitHubHeaders(create);
        JsonNode d = JSON.readTree(create.getBody().readUtf8());
        assertThat(fieldNames(d))
                .contains("ref")
                .isSubsetOf(
                        "ref",
                        "task",
                        "auto_merge",
                        "required_contexts",
                        "payload",
                        "environment",
                        "description",
                        "transient_environment",
                        "production_environment");
        assertThat(d.path("ref").isTextual()).isTrue();
        assertThat(d.path("ref").asText()).isEqualTo("0a1b2c3d4e5f60a1b2c3d4e5f60a1b2c3d4e5f6");
        assertThat(d.path("task").isTextual()).isTrue();
        assertThat(d.path("auto_merge").isBoolean()).isTrue();
        assertThat(d.path("auto_merge").asBoolean())
                .as("never merge anything on GitHub")
                .isFalse();
        assertThat(d.path("required_contexts").isArray()).isTrue();
        assertThat(d.path("required_contexts")).isEmpty();
        assertThat(d.path("payload").isObject() || d.path("payload").isTextual())
                .isTrue();
        assertThat(d.path("environment").asText()).isEqualTo("production");
        assertThat(d.path("description").isTextual()).isTrue();
        assertThat(d.path("transient_environment").isBoolean()).isTrue();
        assertThat(d.path("production_environment").isBoolean()).isTrue();

        RecordedRequest status = take();
        assertThat(status.getMethod()).isEqualTo("POST");
        assertThat(status.getPath()).isEqualTo("/repos/acme/my_api/deployments/1234567/statuses");
        assertGitHubHeaders(status);
        JsonNode s = JSON.readTree(status.getBody().readUtf8());
        assertThat(fieldNames(s))
                .contains("state")
                .isSubsetOf(
                        "state",
                        "target_url",
                        "log_url",
                        "description",
                        "environment",
                        "environment_url",
                        "auto_inactive");
        assertThat(s.path("state").asText())
                .isIn("error", "failure", "inactive", "in_progress", "queued", "pending", "success")
                .isEqualTo("failure");
        assertThat(s.path("description").asText()).hasSizeLessThanOrEqualTo(140).contains("GET /health answered 503");
        assertThat(s.path("log_url").asText()).isEqualTo("https://ci.example.com/d/42");
        assertThat(s.path("environment").asText()).isEqualTo("production");
        assertThat(s.path("environment_url").asText()).isEqualTo("https://api.example.com");
        assertThat(s.path("auto_inactive").isBoolean()).isTrue();
    }

    @Test
    void githubState_mapsEveryEnd() {
        assertThat(HttpChannels.githubState("success")).isEqualTo("success");
        assertThat(HttpChannels.githubState("failed")).isEqualTo("failure");
        assertThat(HttpChannels.githubState("rolled_back")).isEqualTo("failure");
        assertThat(HttpChannels.githubState("rollback_failed")).isEqualTo("error");
        assertThat(HttpChannels.githubState("interrupted")).isEqualTo("error");
        assertThat(HttpChannels.githubState("cancelled")).isEqualTo("inactive");
    }

    @Test
    void githubDeployments_refused_isAFailureWithoutTheToken() {
        server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"message\":\"Bad credentials\"}"));
        NotificationChannel c = Messages.channel(
                "gh",
                "github_deployments",
                Map.of("api_url", server.url("/").toString(), "repository", "acme/my_api"),
                Map.of("token", Secret.of(TOKEN)));

        assertThatThrownBy(() ->
                        http.send(c, Messages.message("gh", "github_deployments", Messages.failedBody()), TIMEOUT))
                .isInstanceOf(DeliveryFailure.class)
                .hasMessageStartingWith("HTTP 401 from ")
                .message()
                .doesNotContain(TOKEN);
    }

    @Test
    void grafanaAnnotation_postsARegionAnnotationWithTags() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200).setBody("{\"id\":1,\"message\":\"Annotation added\"}"));
        NotificationChannel c = new NotificationChannel(
                "grafana",
                "grafana_annotation",
                Set.of(io.fraisier.core.model.DeploymentStatus.ROLLED_BACK),
                Map.of("url", server.url("/grafana/").toString(), "dashboard_uid", "fraisier"),
                Map.of("token", Secret.of("glsa_xyz")),
                Map.of("tags", List.of("team:api")));

        http.send(c, Messages.message("grafana", "grafana_annotation", Messages.failedBody()), TIMEOUT);

        RecordedRequest r = take();
        assertThat(r.getPath()).isEqualTo("/grafana/api/annotations");
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer glsa_xyz");
        JsonNode a = JSON.readTree(r.getBody().readUtf8());
        assertThat(a.path("time").asLong())
                .isEqualTo(java.time.Instant.parse("2026-03-01T12:00:18Z").toEpochMilli());
        assertThat(a.path("timeEnd").asLong()).isEqualTo(Messages.AT.toEpochMilli());
        assertThat(a.path("dashboardUID").asText()).isEqualTo("fraisier");
        assertThat(a.path("tags"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "fraisier", "fraise:my_api", "environment:production", "status:rolled_back", "team:api");
        assertThat(a.path("text").asText()).startsWith("my_api/production: rolled_back");
    }

    @Test
    void receiverThatIsDown_failsFast() throws IOException {
        String url = server.url("/hook").toString();
        server.shutdown();
        NotificationChannel c = Messages.channel("ops", "webhook", Map.of("url", url), Map.of());

        long start = System.nanoTime();
        assertThatThrownBy(() -> http.send(c, Messages.message("ops", "webhook", Messages.failedBody()), TIMEOUT))
                .isInstanceOf(DeliveryFailure.class)
                .hasMessageContaining("cannot connect to");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
    }

    private static void assertGitHubHeaders(RecordedRequest r) {
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.getHeader("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(r.getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(r.getHeader("User-Agent")).isNotBlank();
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
