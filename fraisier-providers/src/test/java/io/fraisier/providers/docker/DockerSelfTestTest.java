package io.fraisier.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The docker self-test's image check against a stub daemon (MockWebServer speaking the Engine API over
 * tcp://): an image that is not on the daemon yet passes when its registry has it (a deployment would pull
 * it), through docker-java's raw transport ({@code GET /distribution/{name}/json}), and fails naming the
 * registry check when the registry cannot be asked.
 */
class DockerSelfTestTest {
    private static final String REFERENCE = "registry.example.com/team/app:v2";

    private final MockWebServer daemon = new MockWebServer();
    private final Map<String, MockResponse> distribution = new ConcurrentHashMap<>();

    @BeforeEach
    void startStubDaemon() throws IOException {
        daemon.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if (path.endsWith("/_ping")) {
                    return new MockResponse().setBody("OK");
                }
                if (path.endsWith("/version")) {
                    return json(200, "{\"Version\": \"27.1.0\", \"ApiVersion\": \"1.46\"}");
                }
                if (path.contains("/images/") && path.endsWith("/json")) {
                    return json(404, "{\"message\": \"No such image: " + REFERENCE + "\"}");
                }
                if (path.contains("/distribution/")) {
                    MockResponse answer = distribution.get(path.substring(path.indexOf("/distribution/")));
                    return answer != null ? answer : json(500, "{\"message\": \"unexpected " + path + "\"}");
                }
                return json(404, "{\"message\": \"page not found\"}");
            }
        });
        daemon.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stopStubDaemon() throws IOException {
        daemon.shutdown();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    @Test
    void aDaemonThatTakesTheConnectionAndNeverAnswers_failsTheFirstCheckInItsTime() throws Exception {
        try (BlackHole daemon = new BlackHole()) {
            String host = daemon.dockerHost();
            var client = DockerClients.connect(host);
            long start = System.nanoTime();
            try {
                List<CheckResult> checks = new DockerSelfTest(
                                settingsFor(host),
                                new DockerErrors(host),
                                RegistryCheck.throughDaemon(host),
                                java.time.Duration.ofSeconds(1),
                                java.time.Duration.ofSeconds(1))
                        .run(() -> client);

                // before, the ping waited for the client's 30-minute response timeout
                assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
                        .isLessThan(java.time.Duration.ofSeconds(20));
                assertThat(checks).singleElement().satisfies(c -> {
                    assertThat(c.ok()).isFalse();
                    assertThat(c.detail())
                            .contains("The Docker daemon at " + host + " did not answer pinging the daemon within 1 s");
                });
                assertThat(daemon.connected()).as("it did connect").isTrue();
            } finally {
                client.close();
            }
        }
    }

    @Test
    void readingTheRunningVersionFromADaemonThatNeverAnswers_failsInItsTime_namingTheDaemon() throws Exception {
        // what `fraisier status` and a dry run ask first: before, they waited for the 30-minute timeout
        try (BlackHole daemon = new BlackHole()) {
            String host = daemon.dockerHost();
            DockerDeploymentProvider provider = new DockerDeploymentProvider(
                    DockerTargets.TARGET,
                    settingsFor(host),
                    DockerClients::connect,
                    java.time.Duration.ofSeconds(10),
                    java.time.Duration.ofSeconds(1));
            long start = System.nanoTime();
            try {
                FraisierException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                        FraisierException.class, provider::currentVersion);

                assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
                        .isLessThan(java.time.Duration.ofSeconds(20));
                assertThat(e).isNotNull();
                assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
                assertThat(e.getMessage())
                        .startsWith("The Docker daemon at " + host + " did not answer inspecting container ")
                        .endsWith(" within 1 s");
            } finally {
                provider.close();
            }
        }
    }

    /** A TCP server that takes every connection and never answers, as a wedged daemon or a proxy does. */
    private static final class BlackHole implements AutoCloseable {
        private final java.net.ServerSocket server;
        private final List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

        BlackHole() throws IOException {
            server = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept());
                    }
                } catch (IOException closed) {
                    // closed with the test
                }
            });
        }

        String dockerHost() {
            return "tcp://127.0.0.1:" + server.getLocalPort();
        }

        boolean connected() {
            return !accepted.isEmpty();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (java.net.Socket s : accepted) {
                s.close();
            }
        }
    }

    private static DockerSettings settingsFor(String host) {
        return DockerSettings.from(
                DockerTargets.TARGET,
                DockerTargets.environment(
                        DockerTargets.httpCheck("http://127.0.0.1:1/health"),
                        Map.of("docker_host", host, "image", "registry.example.com/team/app", "tag", "v2")));
    }

    private List<CheckResult> selfTest(RegistryCheck registry) {
        String host = "tcp://127.0.0.1:" + daemon.getPort();
        DockerSettings settings = DockerSettings.from(
                DockerTargets.TARGET,
                DockerTargets.environment(
                        DockerTargets.httpCheck("http://127.0.0.1:1/health"),
                        Map.of("docker_host", host, "image", "registry.example.com/team/app", "tag", "v2")));
        var client = DockerClients.connect(host);
        return new DockerSelfTest(settings, new DockerErrors(host), registry).run(() -> client);
    }

    @Test
    void imageNotOnTheDaemon_butInItsRegistry_passes_throughTheDaemonsDistributionEndpoint() throws Exception {
        distribution.put(
                "/distribution/" + REFERENCE + "/json",
                json(
                        200,
                        "{\"Descriptor\": {\"mediaType\": \"application/vnd.oci.image.index.v1+json\","
                                + " \"digest\": \"sha256:4b1d\", \"size\": 1024}, \"Platforms\": []}"));

        List<CheckResult> checks = selfTest(RegistryCheck.throughDaemon("tcp://127.0.0.1:" + daemon.getPort()));

        assertThat(checks).extracting(CheckResult::name).containsExactly("daemon", "version", "image");
        assertThat(checks).allMatch(CheckResult::ok);
        assertThat(checks.get(2).detail())
                .isEqualTo(REFERENCE + " is not on the daemon yet; its registry has it (sha256:4b1d), so a"
                        + " deployment will pull it");
    }

    @Test
    void imageNotOnTheDaemon_andRegistryUnreachable_failsNamingTheImageAndTheRegistryCheck() {
        distribution.put(
                "/distribution/" + REFERENCE + "/json",
                json(
                        500,
                        "{\"message\": \"Get \\\"https://registry.example.com/v2/\\\": dial tcp: lookup"
                                + " registry.example.com: no such host\"}"));

        List<CheckResult> checks = selfTest(RegistryCheck.throughDaemon("tcp://127.0.0.1:" + daemon.getPort()));

        CheckResult image = checks.get(2);
        assertThat(image.ok()).isFalse();
        assertThat(image.detail())
                .startsWith(REFERENCE + " is not on the daemon, and asking its registry through the daemon at"
                        + " tcp://127.0.0.1:" + daemon.getPort() + " (GET /distribution/" + REFERENCE
                        + "/json) failed: HTTP 500 Get \"https://registry.example.com/v2/\": dial tcp")
                .contains("push " + REFERENCE)
                .doesNotContainIgnoringCase("image not found");
    }

    @Test
    void aStubRegistryCheck_isWhatTheSelfTestAsks_onlyWhenTheImageIsMissing() {
        List<String> asked = new java.util.ArrayList<>();

        List<CheckResult> ok = selfTest((client, reference) -> {
            asked.add(reference);
            return "sha256:feed";
        });
        List<CheckResult> failing = selfTest((client, reference) -> {
            throw new FraisierException(ErrorCode.PROVIDER_UNREACHABLE, "registry says no", "log in");
        });

        assertThat(asked).containsExactly(REFERENCE);
        assertThat(ok.get(2).ok()).isTrue();
        assertThat(failing.get(2).ok()).isFalse();
        assertThat(failing.get(2).detail()).isEqualTo("registry says no. log in");
    }
}
