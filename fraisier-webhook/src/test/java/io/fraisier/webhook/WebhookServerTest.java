package io.fraisier.webhook;

import static io.fraisier.webhook.Payloads.SHA;
import static io.fraisier.webhook.Payloads.SHA2;
import static io.fraisier.webhook.Payloads.ZEROS;
import static io.fraisier.webhook.Payloads.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.GitConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookServerTest {
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

    private WebhookServer start() {
        return start(TestConfigs.config());
    }

    private static HttpRequest.Builder post(WebhookServer server, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder github(WebhookServer server, String event, String delivery, String body) {
        return post(server, "/webhook", body)
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + hmacHex(TestConfigs.GITHUB_SECRET, body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(WebhookServer server, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)));
    }

    private JsonNode body(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    private static List<Long> ids(JsonNode body) {
        List<Long> ids = new ArrayList<>();
        body.path("deployments").forEach(n -> ids.add(n.asLong()));
        return ids;
    }

    @Test
    void githubPushToMappedBranch_writesAPendingWebhookDeploymentAndAnswers202WithItsId() throws Exception {
        WebhookServer server = start();
        String payload = Payloads.githubPush("refs/heads/main", SHA, false);

        HttpResponse<String> response = send(github(server, "push", "d-1", payload));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        Deployment deployment = store.allDeployments().getFirst();
        assertThat(ids(body(response))).containsExactly(deployment.id());
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.PENDING);
        assertThat(deployment.target()).isEqualTo(Target.of("my_api", "production"));
        assertThat(deployment.provider()).isEqualTo("bare_metal");
        assertThat(deployment.trigger()).isEqualTo(Trigger.WEBHOOK);
        assertThat(deployment.triggeredBy()).isEqualTo("octocat");
        assertThat(deployment.gitBranch()).isEqualTo("main");
        assertThat(deployment.gitCommit()).isEqualTo(SHA);
        assertThat(deployment.requestedVersion()).isEqualTo(Version.of(SHA));
        WebhookEvent event = TestConfigs.events(store).getFirst();
        assertThat(deployment.webhookEventId()).isEqualTo(event.id());
        assertThat(event.processed()).isTrue();
        assertThat(event.outcome()).isEqualTo("deployed");
        assertThat(event.deploymentIds()).containsExactly(deployment.id());
        assertThat(event.deliveryId()).isEqualTo("d-1");
        // the history keeps the body's size and digest, not the body (a push can be megabytes)
        assertThat(event.payload())
                .isEqualTo("{\"bytes\":" + payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                        + ",\"sha256\":\"" + sha256Hex(payload) + "\"}");
    }

    private static String sha256Hex(String text) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void pushToBranchMappedToTwoTargets_answers202WithTwoIds() throws Exception {
        WebhookServer server = start();

        HttpResponse<String> response =
                send(github(server, "push", "d-2", Payloads.githubPush("refs/heads/develop", SHA, false)));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(ids(body(response))).hasSize(2);
        assertThat(store.allDeployments())
                .extracting(Deployment::target)
                .containsExactly(Target.of("my_api", "staging"), Target.of("worker", "staging"));
    }

    @Test
    void newerPushForTheSameTarget_supersedesTheOlderPendingOne() throws Exception {
        WebhookServer server = start();
        send(github(server, "push", "d-3", Payloads.githubPush("refs/heads/main", SHA2, false)));

        HttpResponse<String> response =
                send(github(server, "push", "d-4", Payloads.githubPush("refs/heads/main", SHA, false)));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(store.allDeployments())
                .extracting(Deployment::status)
                .containsExactly(DeploymentStatus.SUPERSEDED, DeploymentStatus.PENDING);
    }

    @Test
    void gitlabPushWithToken_deploys() throws Exception {
        WebhookServer server = start();
        String payload = Payloads.gitlabPush("push", "refs/heads/main", SHA, SHA);

        HttpResponse<String> response = send(post(server, "/webhook", payload)
                .header("X-Gitlab-Event", "Push Hook")
                .header("X-Gitlab-Event-UUID", "gl-1")
                .header("X-Gitlab-Token", TestConfigs.GITLAB_SECRET));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(store.allDeployments().getFirst().triggeredBy()).isEqualTo("jane");
    }

    @Test
    void giteaPushSignedWithTheOldSecretOfARotation_deploys() throws Exception {
        WebhookServer server = start();
        String payload = Payloads.giteaPush("refs/heads/main", SHA);

        HttpResponse<String> response = send(post(server, "/webhook", payload)
                .header("X-Gitea-Event", "push")
                .header("X-GitHub-Event", "push")
                .header("X-Gitea-Delivery", "gt-1")
                .header("X-Gitea-Signature", hmacHex(TestConfigs.GITEA_OLD, payload)));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(TestConfigs.events(store).getFirst().gitHost()).isEqualTo("gitea");
    }

    @Test
    void bitbucketPushOnItsOwnRoute_deploysEveryMappedChange() throws Exception {
        WebhookServer server = start();
        String payload = Payloads.bitbucketCloudPush(
                Payloads.bitbucketChange("branch", "main", SHA, false),
                Payloads.bitbucketChange("branch", "develop", SHA2, false));

        HttpResponse<String> response = send(post(server, "/webhook/bitbucket", payload)
                .header("X-Event-Key", "repo:push")
                .header("X-Request-UUID", "bb-1")
                .header("X-Hub-Signature", "sha256=" + hmacHex(TestConfigs.BITBUCKET_SECRET, payload)));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(ids(body(response))).hasSize(3);
    }

    @Test
    void hostRouteWithoutEventHeader_infersTheEventFromTheBody() throws Exception {
        WebhookServer server = start();
        String payload = Payloads.gitlabPush("push", "refs/heads/main", SHA, SHA);

        HttpResponse<String> response =
                send(post(server, "/webhook/gitlab", payload).header("X-Gitlab-Token", TestConfigs.GITLAB_SECRET));

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void unknownHostRoute_answers404Problem() throws Exception {
        HttpResponse<String> response = send(post(start(), "/webhook/svn", "{}"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(body(response).path("detail").asText()).contains("'svn'");
    }

    @Test
    void requestWithoutRecognisableHeaderAndNoGitProvider_answers400() throws Exception {
        WebhookServer server = start(TestConfigs.config(TestConfigs.git(null), TestConfigs.webhook(60, List.of())));

        HttpResponse<String> response =
                send(post(server, "/webhook", Payloads.githubPush("refs/heads/main", SHA, false)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).path("title").asText()).isEqualTo("Unknown git host");
    }

    @Test
    void wrongSecret_answers401ProblemWithoutTheExpectedSignatureAndStoresNothing() throws Exception {
        WebhookServer server = start();
        String payload = Payloads.githubPush("refs/heads/main", SHA, false);

        HttpResponse<String> response = send(post(server, "/webhook", payload)
                .header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", "sha256=" + hmacHex("not-the-secret", payload)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = body(response);
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("type").asText()).isEqualTo("urn:fraisier:problem:invalid_signature");
        assertThat(response.body())
                .doesNotContain(hmacHex(TestConfigs.GITHUB_SECRET, payload))
                .doesNotContain(TestConfigs.GITHUB_SECRET);
        assertThat(TestConfigs.events(store)).isEmpty();
        assertThat(get(server, "/metrics").body())
                .contains("fraisier_webhook_signature_failures_total{host=\"github\"} 1.0");
    }

    @Test
    void missingSignatureHeader_answers401() throws Exception {
        WebhookServer server = start();

        HttpResponse<String> response =
                send(post(server, "/webhook", Payloads.githubPush("refs/heads/main", SHA, false))
                        .header("X-GitHub-Event", "push"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void hostWithNoSecretConfigured_answers401EvenWhenSigned() throws Exception {
        GitConfig githubOnly = new GitConfig("github", Map.of("github", List.of(Secret.of(TestConfigs.GITHUB_SECRET))));
        WebhookServer server = start(TestConfigs.config(githubOnly, TestConfigs.webhook(60, List.of())));
        String payload = Payloads.bitbucketCloudPush(Payloads.bitbucketChange("branch", "main", SHA, false));

        HttpResponse<String> response = send(post(server, "/webhook", payload)
                .header("X-Event-Key", "repo:push")
                .header("X-Hub-Signature", "sha256=" + hmacHex("anything", payload)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(body(response).path("detail").asText()).contains("no webhook secret for bitbucket");
        assertThat(store.allDeployments()).isEmpty();
    }

    @Test
    void truncatedBody_failsTheSignatureCheck() throws Exception {
        WebhookServer server = start();
        String payload = Payloads.githubPush("refs/heads/main", SHA, false);

        HttpResponse<String> response = send(post(server, "/webhook", payload.substring(0, payload.length() - 10))
                .header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", "sha256=" + hmacHex(TestConfigs.GITHUB_SECRET, payload)));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void bodyOverTheLimit_answers413FromContentLength() throws Exception {
        WebhookServer server = start();
        String payload = "{\"pad\":\"" + "x".repeat(5000) + "\"}";

        HttpResponse<String> response = send(github(server, "push", "big", payload));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(TestConfigs.events(store)).isEmpty();
    }

    @Test
    void chunkedBodyOverTheLimit_answers413WhileReading() throws Exception {
        WebhookServer server = start();
        byte[] payload = ("{\"pad\":\"" + "x".repeat(5000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/webhook"))
                        .header("Content-Type", "application/json")
                        .header("X-GitHub-Event", "push")
                        // a signature header, or the body is not read at all (401 first)
                        .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload))));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void signedBodyThatIsNotJson_answers400() throws Exception {
        HttpResponse<String> response = send(github(start(), "push", "nj", "this is not json"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).path("title").asText()).isEqualTo("Malformed body");
    }

    @Test
    void signedBodyWithTrailingGarbage_answers400AndStoresNothing() throws Exception {
        String payload = Payloads.githubPush("refs/heads/main", SHA, false) + " {\"ref\":\"refs/heads/develop\"}";

        HttpResponse<String> response = send(github(start(), "push", "tg", payload));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).path("detail").asText()).contains("more after its JSON value");
        assertThat(TestConfigs.events(store)).isEmpty();
        assertThat(store.allDeployments()).isEmpty();
    }

    @Test
    void signedBodyWithADuplicateKey_answers400AndStoresNothing() throws Exception {
        // last-wins would deploy develop although the first "ref" says main
        String payload = Payloads.githubPush("refs/heads/main", SHA, false)
                .replaceFirst("\\{", "{\"ref\":\"refs/heads/develop\",");

        HttpResponse<String> response = send(github(start(), "push", "dk", payload));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).path("detail").asText()).contains("key twice").contains("ref");
        assertThat(TestConfigs.events(store)).isEmpty();
        assertThat(store.allDeployments()).isEmpty();
    }

    @Test
    void signedBodyWithAnEscapedNul_answers400AndStoresNothing() throws Exception {
        String payload =
                Payloads.githubPush("refs/heads/main", SHA, false).replace("\"octocat\"}", "\"octo\\u0000cat\"}");
        assertThat(payload).contains("\\u0000");

        HttpResponse<String> response = send(github(start(), "push", "nul", payload));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).path("detail").asText()).contains("NUL");
        assertThat(TestConfigs.events(store)).isEmpty();
    }

    @Test
    void signedUtf16BodyWithBom_answers400AndStoresNothing() throws Exception {
        WebhookServer server = start();
        byte[] payload =
                Payloads.githubPush("refs/heads/main", SHA, false).getBytes(java.nio.charset.StandardCharsets.UTF_16);
        String signature = java.util.HexFormat.of()
                .formatHex(Payloads.hmac(
                        TestConfigs.GITHUB_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), payload));

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/webhook"))
                        .header("Content-Type", "application/json")
                        .header("X-GitHub-Event", "push")
                        .header("X-GitHub-Delivery", "u16")
                        .header("X-Hub-Signature-256", "sha256=" + signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).path("detail").asText()).contains("not UTF-8");
        assertThat(TestConfigs.events(store)).isEmpty();
    }

    @Test
    void signedFormEncodedBody_answers415() throws Exception {
        WebhookServer server = start();
        String payload = "payload=%7B%7D";

        HttpResponse<String> response = send(
                github(server, "push", "form", payload).setHeader("Content-Type", "application/x-www-form-urlencoded"));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(body(response).path("hint").asText()).contains("application/json");
    }

    @Test
    void replayedDelivery_answers200DuplicateAndDeploysOnce() throws Exception {
        WebhookServer server = start();
        String payload = Payloads.githubPush("refs/heads/main", SHA, false);
        HttpResponse<String> first = send(github(server, "push", "same-id", payload));

        HttpResponse<String> replay = send(github(server, "push", "same-id", payload));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(body(replay).path("outcome").asText()).isEqualTo("duplicate");
        assertThat(ids(body(replay))).isEqualTo(ids(body(first)));
        assertThat(store.allDeployments()).hasSize(1);
    }

    @Test
    void ping_answers200PongAndIsRecorded() throws Exception {
        HttpResponse<String> response = send(github(start(), "ping", "p-1", Payloads.githubPing()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).path("outcome").asText()).isEqualTo("pong");
        assertThat(TestConfigs.events(store))
                .singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("pong"));
        assertThat(store.allDeployments()).isEmpty();
    }

    @Test
    void deletedBranch_isIgnoredWithTheReason() throws Exception {
        HttpResponse<String> response =
                send(github(start(), "push", "del", Payloads.githubPush("refs/heads/main", ZEROS, true)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).path("reason").asText()).isEqualTo("branch 'main' was deleted");
        assertThat(store.allDeployments()).isEmpty();
    }

    @Test
    void deletedTag_isIgnored() throws Exception {
        HttpResponse<String> response =
                send(github(start(), "push", "tdel", Payloads.githubPush("refs/tags/production", ZEROS, true)));

        assertThat(body(response).path("outcome").asText()).isEqualTo("ignored");
        assertThat(store.allDeployments()).isEmpty();
    }

    @Test
    void unmappedBranch_answers200IgnoredAndRecordsTheReason() throws Exception {
        HttpResponse<String> response =
                send(github(start(), "push", "u-1", Payloads.githubPush("refs/heads/feature/x", SHA, false)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).path("reason").asText()).isEqualTo("branch 'feature/x' is not in branch_mapping");
        assertThat(TestConfigs.events(store).getFirst().outcome())
                .isEqualTo("ignored: branch 'feature/x' is not in branch_mapping");
    }

    @Test
    void pullRequestEvent_isRecordedAndIgnored() throws Exception {
        HttpResponse<String> response = send(github(start(), "pull_request", "pr-1", "{\"action\":\"opened\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).path("outcome").asText()).isEqualTo("ignored");
        assertThat(TestConfigs.events(store)).hasSize(1);
    }
}
