package io.fraisier.providers.coolify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.StepReporter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider's requests against Prism serving Coolify's published OpenAPI document with request
 * validation on ({@code --errors}): a request that strays from the contract gets an error instead of a
 * mock answer. Prism serves the document's paths without the server's {@code /api/v1} prefix, so a
 * loopback proxy strips it and records every exchange.
 */
class CoolifyPrismIT {
    static final String SHA = CoolifyDeploymentProviderTest.SHA;
    private static final String INSTALL_HINT =
            "npm install --prefix fraisier-providers/target/prism @stoplight/prism-cli@5.14.2 (Node 20 + npm)";

    private static @Nullable Process prism;
    private static MockWebServer proxy;
    private static OkHttpClient forward;
    private static int prismPort;
    private static final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    record Exchange(
            String method,
            String path,
            int status,
            @Nullable String violations,
            String body) {
        boolean keptTheContract() {
            return status / 100 == 2 && violations == null;
        }
    }

    @BeforeAll
    static void startPrism() throws Exception {
        Path spec = spec();
        assumeTrue(
                spec != null,
                "Coolify's OpenAPI document not found: set COOLIFY_OPENAPI or put it at"
                        + " ../shared/reference/coolify-openapi.yaml next to the repository");
        Path bin = installPrism();
        prismPort = freePort();
        prism = new ProcessBuilder(
                        bin.toString(),
                        "mock",
                        "--errors",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(prismPort),
                        spec.toString())
                .redirectErrorStream(true)
                .start();
        CountDownLatch listening = new CountDownLatch(1);
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (var lines =
                    new BufferedReader(new InputStreamReader(prism.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.contains("Prism is listening")) {
                        listening.countDown();
                    } else if (listening.getCount() > 0 && !line.contains(" info ")) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        assumeTrue(listening.await(120, TimeUnit.SECONDS), "Prism did not start: " + output);
        forward = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
        proxy = new MockWebServer();
        proxy.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return relay(request);
            }
        });
        proxy.start();
    }

    @AfterAll
    static void stopPrism() throws Exception {
        if (proxy != null) {
            proxy.shutdown();
        }
        if (forward != null) {
            forward.dispatcher().executorService().shutdown();
            forward.connectionPool().evictAll();
        }
        if (prism != null) {
            prism.toHandle().descendants().forEach(ProcessHandle::destroy);
            prism.destroy();
            if (!prism.waitFor(10, TimeUnit.SECONDS)) {
                prism.destroyForcibly();
            }
        }
    }

    @BeforeEach
    void forgetExchanges() {
        exchanges.clear();
    }

    private static MockResponse relay(RecordedRequest request) {
        String path = request.getPath();
        if (path == null || !path.startsWith("/api/v1/")) {
            return new MockResponse().setResponseCode(404);
        }
        Request.Builder out = new Request.Builder().url("http://127.0.0.1:" + prismPort + path.substring(7));
        for (String name : List.of("Authorization", "Accept", "Content-Type", "User-Agent")) {
            String value = request.getHeader(name);
            if (value != null) {
                out.header(name, value);
            }
        }
        String contentType = request.getHeader("Content-Type");
        byte[] body = request.getBody().readByteArray();
        boolean hasBody =
                !request.getMethod().equals("GET") && !request.getMethod().equals("HEAD");
        out.method(
                request.getMethod(),
                hasBody ? RequestBody.create(body, contentType == null ? null : MediaType.parse(contentType)) : null);
        try (Response answer = forward.newCall(out.build()).execute()) {
            String text = answer.body().string();
            exchanges.add(new Exchange(request.getMethod(), path, answer.code(), answer.header("sl-violations"), text));
            MockResponse response =
                    new MockResponse().setResponseCode(answer.code()).setBody(text);
            String type = answer.header("Content-Type");
            return type == null ? response : response.setHeader("Content-Type", type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CoolifyDeploymentProvider provider(ManualTime time) {
        String apiUrl = proxy.url("/").toString();
        return CoolifyTargets.provider(apiUrl, Duration.ofSeconds(20), time, time, null);
    }

    @Test
    void selfTest_callsMatchTheContract() {
        try (var provider = provider(new ManualTime())) {
            List<CheckResult> checks = provider.selfTest();

            assertThat(checks).as("%s", checks).allMatch(CheckResult::ok);
        }
        assertThat(exchanges)
                .extracting(e -> e.method() + " " + e.path())
                .containsExactly(
                        "GET /api/v1/health", "GET /api/v1/version", "GET /api/v1/applications/" + CoolifyTargets.APP);
        assertThat(exchanges).allMatch(Exchange::keptTheContract, "answered 2xx without violations");
    }

    @Test
    void deploy_pinTriggerPollAndCancel_matchTheContract() {
        ManualTime time = new ManualTime();
        try (var provider = provider(time)) {
            // Prism's mock deployment never reaches a Coolify status, so the wait runs to the timeout
            FraisierException e = catchThrowableOfType(
                    FraisierException.class, () -> provider.deploy(Version.of(SHA), StepReporter.NONE));

            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.DEPLOYMENT_TIMEOUT);
        }
        assertThat(exchanges)
                .extracting(e -> e.method() + " " + e.path().replaceAll("deployments/[^/?]+", "deployments/{uuid}"))
                .contains(
                        "GET /api/v1/applications/" + CoolifyTargets.APP,
                        "PATCH /api/v1/applications/" + CoolifyTargets.APP,
                        "POST /api/v1/deploy?uuid=" + CoolifyTargets.APP + "&force=false",
                        "GET /api/v1/deployments/{uuid}",
                        "POST /api/v1/deployments/{uuid}/cancel");
        assertThat(exchanges).allMatch(Exchange::keptTheContract, "answered 2xx without violations");
    }

    @Test
    void currentVersion_listsDeploymentsAsTheContractSays() {
        try (var provider = provider(new ManualTime())) {
            // the document describes this answer as a list of applications: no finished deployment in it
            assertThat(provider.currentVersion()).isEmpty();
        }
        assertThat(exchanges).singleElement().satisfies(e -> {
            assertThat(e.path())
                    .isEqualTo("/api/v1/deployments/applications/" + CoolifyTargets.APP + "?skip=0&take=20");
            assertThat(e.keptTheContract()).as(e.toString()).isTrue();
        });
    }

    @Test
    void prismRejectsRequestsThatBreakTheContract() throws IOException {
        OkHttpClient client = new OkHttpClient();
        Request badBody = new Request.Builder()
                .url(proxy.url("/api/v1/applications/" + CoolifyTargets.APP))
                .header("Authorization", "Bearer x")
                .patch(RequestBody.create("{\"git_commit_sha\":5}", MediaType.get("application/json")))
                .build();
        Request getDeploy = new Request.Builder()
                .url(proxy.url("/api/v1/deploy?uuid=x"))
                .header("Authorization", "Bearer x")
                .build();
        Request noToken =
                new Request.Builder().url(proxy.url("/api/v1/version")).build();
        try (Response a = client.newCall(badBody).execute();
                Response b = client.newCall(getDeploy).execute();
                Response c = client.newCall(noToken).execute()) {
            assertThat(a.code()).as("git_commit_sha must be a string").isNotEqualTo(200);
            assertThat(b.code()).as("deploy is a POST").isEqualTo(405);
            assertThat(c.code()).as("the bearer token is required").isEqualTo(401);
        } finally {
            client.dispatcher().executorService().shutdown();
        }
    }

    /** COOLIFY_OPENAPI, or shared/reference/coolify-openapi.yaml beside the repository or a parent of it. */
    static @Nullable Path spec() {
        String env = System.getenv("COOLIFY_OPENAPI");
        if (env != null && !env.isBlank()) {
            return Files.isRegularFile(Path.of(env)) ? Path.of(env).toAbsolutePath() : null;
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolveSibling("shared").resolve("reference").resolve("coolify-openapi.yaml");
            if (d.getParent() != null && Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** target/prism/node_modules/.bin/prism, installed by src/test/resources/prism/install.sh when absent. */
    private static Path installPrism() throws Exception {
        Path dir = Path.of("target", "prism").toAbsolutePath();
        Path bin = dir.resolve("node_modules/.bin/prism");
        if (Files.isExecutable(bin)) {
            return bin;
        }
        Path script = Path.of("src/test/resources/prism/install.sh").toAbsolutePath();
        assumeTrue(Files.isRegularFile(script), "install script missing: " + script + "; " + INSTALL_HINT);
        Process install = new ProcessBuilder("sh", script.toString(), dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        boolean done = install.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            install.destroyForcibly();
        }
        assumeTrue(
                done && install.exitValue() == 0 && Files.isExecutable(bin),
                "Prism is not available (node/npm missing or offline): " + INSTALL_HINT);
        return bin;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
