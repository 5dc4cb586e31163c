package io.fraisier.providers.coolify;

import static io.fraisier.providers.coolify.CoolifyTargets.APP;
import static io.fraisier.providers.coolify.CoolifyTargets.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.StepReporter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider's requests and its reading of Coolify's answers, against MockWebServer. */
class CoolifyDeploymentProviderTest {
    static final String SHA = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    static final String OLD = "fedcba9876543210fedcba9876543210fedcba98";

    final MockWebServer server = new MockWebServer();
    final ManualTime time = new ManualTime();
    final List<String> steps = new CopyOnWriteArrayList<>();
    CoolifyDeploymentProvider provider;

    @BeforeEach
    void start() throws IOException {
        server.start();
        provider = CoolifyTargets.provider(server.url("/").toString(), Duration.ofSeconds(120), time, time, null);
    }

    @AfterEach
    void stop() throws IOException {
        provider.close();
        server.shutdown();
    }

    static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    static MockResponse app(String commit) {
        return json("{\"uuid\":\"" + APP + "\",\"name\":\"demo\",\"git_branch\":\"main\",\"git_commit_sha\":\"" + commit
                + "\"}");
    }

    static MockResponse deployment(String status, String commit) {
        return json("{\"deployment_uuid\":\"d1\",\"status\":\"" + status + "\",\"commit\":\"" + commit + "\"}");
    }

    static MockResponse queued() {
        return json("{\"deployments\":[{\"message\":\"Application demo deployment queued.\",\"resource_uuid\":\"" + APP
                + "\",\"deployment_uuid\":\"d1\"}]}");
    }

    StepReporter recorder() {
        return (step, message) -> steps.add(step + ": " + message);
    }

    List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null; ) {
            out.add(r);
        }
        return out;
    }

    @Test
    void deploy_pinsTheCommit_triggers_andPollsUntilFinished() throws InterruptedException {
        server.enqueue(app("HEAD"));
        server.enqueue(json("{\"uuid\":\"" + APP + "\"}"));
        server.enqueue(queued());
        server.enqueue(deployment("queued", "HEAD"));
        server.enqueue(deployment("in_progress", SHA));
        server.enqueue(deployment("finished", SHA));

        provider.deploy(Version.of(SHA), recorder());

        List<RecordedRequest> requests = requests();
        assertThat(requests)
                .extracting(r -> r.getMethod() + " " + r.getPath())
                .containsExactly(
                        "GET /api/v1/applications/" + APP,
                        "PATCH /api/v1/applications/" + APP,
                        "POST /api/v1/deploy?uuid=" + APP + "&force=false",
                        "GET /api/v1/deployments/d1",
                        "GET /api/v1/deployments/d1",
                        "GET /api/v1/deployments/d1");
        assertThat(requests)
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN));
        RecordedRequest patch = requests.get(1);
        assertThat(patch.getHeader("Content-Type")).startsWith("application/json");
        assertThat(patch.getBody().readUtf8()).isEqualTo("{\"git_commit_sha\":\"" + SHA + "\"}");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(steps)
                .anyMatch(s -> s.startsWith("pin: ") && s.contains("HEAD -> " + SHA))
                .anyMatch(s -> s.startsWith("trigger: deployment d1 queued"))
                .anyMatch(s -> s.startsWith("build: deployment d1 is in_progress"))
                .anyMatch(s -> s.equals("deployed: deployment d1 finished (commit " + SHA + ")"));
    }

    @Test
    void deploy_whenTheCommitIsAlreadyPinned_doesNotPatch() throws InterruptedException {
        server.enqueue(app(SHA));
        server.enqueue(queued());
        server.enqueue(deployment("finished", SHA));

        provider.deploy(Version.of(SHA.toUpperCase(java.util.Locale.ROOT)), StepReporter.NONE);

        assertThat(requests()).extracting(RecordedRequest::getMethod).containsExactly("GET", "POST", "GET");
    }

    @Test
    void deploy_pollsWithBackoffCappedAtTenSeconds() {
        server.enqueue(app(SHA));
        server.enqueue(queued());
        for (int i = 0; i < 7; i++) {
            server.enqueue(deployment("in_progress", SHA));
        }
        server.enqueue(deployment("finished", SHA));

        provider.deploy(Version.of(SHA), StepReporter.NONE);

        assertThat(time.sleeps).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 10L, 10L, 10L, 10L);
    }

    @Test
    void deploy_whenCoolifyFails_throwsDeploymentFailedWithTheLogTail_andRestoresThePin() throws InterruptedException {
        String logs = "[{\"output\":\"Cloning repo\",\"hidden\":false},"
                + "{\"output\":\"docker internals\",\"hidden\":true},"
                + "{\"output\":\"fatal: reference is not a tree: " + SHA + "\\nBuild failed\",\"hidden\":false}]";
        server.enqueue(app(OLD));
        server.enqueue(json("{}"));
        server.enqueue(queued());
        server.enqueue(json("{\"deployment_uuid\":\"d1\",\"status\":\"failed\",\"commit\":\"" + SHA + "\",\"logs\":"
                + CoolifyApi.mapper().valueToTree(logs) + "}"));
        server.enqueue(json("{}"));

        FraisierException e =
                catchThrowableOfType(FraisierException.class, () -> provider.deploy(Version.of(SHA), recorder()));

        assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
        assertThat(e.getMessage())
                .contains("d1", SHA, APP, server.url("/").toString().replaceAll("/$", ""), "'failed'")
                .contains("fatal: reference is not a tree", "Build failed", "Cloning repo")
                .doesNotContain("docker internals");
        List<RecordedRequest> requests = requests();
        RecordedRequest last = requests.get(requests.size() - 1);
        assertThat(last.getMethod()).isEqualTo("PATCH");
        assertThat(last.getBody().readUtf8()).isEqualTo("{\"git_commit_sha\":\"" + OLD + "\"}");
        assertThat(steps).anyMatch(s -> s.startsWith("unpin: "));
    }

    @Test
    void deploy_whenCancelledInCoolify_throwsDeploymentFailed() {
        server.enqueue(app(SHA));
        server.enqueue(queued());
        server.enqueue(deployment("cancelled-by-user", SHA));

        FraisierException e = catchThrowableOfType(
                FraisierException.class, () -> provider.deploy(Version.of(SHA), StepReporter.NONE));

        assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
        assertThat(e.getMessage()).contains("'cancelled-by-user'");
        assertThat(e.hint()).contains("cancelled");
    }

    @Test
    void deploy_whenStillRunningAtTheTimeout_cancelsAndThrowsDeploymentTimeout() throws InterruptedException {
        provider.close();
        provider = CoolifyTargets.provider(server.url("/").toString(), Duration.ofSeconds(20), time, time, null);
        List<String> seen = new CopyOnWriteArrayList<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                seen.add(request.getMethod() + " " + request.getPath());
                String path = request.getPath();
                if (path.startsWith("/api/v1/applications/")) {
                    return request.getMethod().equals("GET") ? app("HEAD") : json("{}");
                }
                if (path.startsWith("/api/v1/deploy?")) {
                    return queued();
                }
                if (path.endsWith("/cancel")) {
                    return json("{\"status\":\"cancelled-by-user\"}");
                }
                return deployment("in_progress", SHA);
            }
        });

        FraisierException e = catchThrowableOfType(
                FraisierException.class, () -> provider.deploy(Version.of(SHA), StepReporter.NONE));

        assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_TIMEOUT);
        assertThat(e.getMessage()).contains("d1", "20 s", "in_progress");
        assertThat(time.slept()).isEqualTo(Duration.ofSeconds(20));
        assertThat(seen).contains("POST /api/v1/deployments/d1/cancel");
        assertThat(seen.get(seen.size() - 1)).isEqualTo("PATCH /api/v1/applications/" + APP);
    }

    @Test
    void deploy_whenNothingIsQueued_throwsWithCoolifysMessage() {
        server.enqueue(app(SHA));
        server.enqueue(json("{\"message\":\"No resources found.\"}"));

        FraisierException e = catchThrowableOfType(
                FraisierException.class, () -> provider.deploy(Version.of(SHA), StepReporter.NONE));

        assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
        assertThat(e.getMessage()).contains("No resources found.");
    }

    @Test
    void currentVersion_isTheCommitOfTheNewestFinishedDeployment() throws InterruptedException {
        server.enqueue(json("{\"count\":3,\"deployments\":["
                + "{\"id\":3,\"deployment_uuid\":\"d3\",\"status\":\"failed\",\"commit\":\"" + SHA + "\"},"
                + "{\"id\":2,\"deployment_uuid\":\"d2\",\"status\":\"finished\",\"commit\":\"" + OLD + "\"},"
                + "{\"id\":1,\"deployment_uuid\":\"d1\",\"status\":\"finished\",\"commit\":\"" + SHA + "\"}]}"));

        assertThat(provider.currentVersion()).contains(Version.of(OLD));
        assertThat(server.takeRequest().getPath())
                .isEqualTo("/api/v1/deployments/applications/" + APP + "?skip=0&take=20");
    }

    @Test
    void currentVersion_withoutFinishedDeployments_isEmpty() {
        server.enqueue(json("{\"count\":0,\"deployments\":[]}"));
        server.enqueue(json("[{\"deployment_uuid\":\"d1\",\"status\":\"failed\",\"commit\":\"" + SHA + "\"}]"));
        server.enqueue(
                json("{\"deployments\":[{\"deployment_uuid\":\"d1\",\"status\":\"finished\",\"commit\":\"HEAD\"}]}"));

        assertThat(provider.currentVersion()).isEmpty();
        assertThat(provider.currentVersion()).isEmpty();
        assertThat(provider.currentVersion())
                .as("an unresolved HEAD is not a version")
                .isEmpty();
    }

    @Test
    void resolveTarget_withoutVersion_isTheApplicationsConfiguredCommit() {
        server.enqueue(app(SHA.toUpperCase(java.util.Locale.ROOT)));
        server.enqueue(app("HEAD"));
        server.enqueue(app(""));

        assertThat(provider.resolveTarget(null)).isEqualTo(Version.of(SHA));
        assertThat(provider.resolveTarget(null)).isEqualTo(Version.of("HEAD"));
        assertThat(provider.resolveTarget(null)).isEqualTo(Version.of("HEAD"));
    }

    @Test
    void resolveTarget_withAVersionThatIsNotACommit_throwsNamingIt() {
        FraisierException e =
                catchThrowableOfType(FraisierException.class, () -> provider.resolveTarget(Version.of("v1.2.3")));

        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(e.getMessage()).contains("v1.2.3");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void plan_namesTheCalls_andSendsNothing() {
        assertThat(provider.plan(Version.of(SHA), Version.of(SHA)))
                .first()
                .asString()
                .contains("already current");
        assertThat(provider.plan(null, Version.of(SHA)))
                .anyMatch(s -> s.contains("PATCH") && s.contains(SHA))
                .anyMatch(s -> s.contains("/api/v1/deploy?uuid=" + APP));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void probe_withAHealthCommand_isUnhealthyAndSaysWhy() {
        var check = new io.fraisier.core.config.HealthCheck(
                null, null, "curl localhost", null, Duration.ofSeconds(1), 0, Duration.ofSeconds(1));

        var result = provider.probe(check, Duration.ofSeconds(1));

        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).contains("health_check_command", "not supported");
    }

    @Test
    void probe_withAnHttpCheck_probesFromThisHost() {
        server.enqueue(new MockResponse().setResponseCode(200));

        var result =
                provider.probe(CoolifyTargets.httpCheck(server.url("/health").toString()), Duration.ofSeconds(2));

        assertThat(result.healthy()).as(result.detail()).isTrue();
    }
}
