package io.fraisier.providers.coolify;

import static io.fraisier.providers.coolify.CoolifyTargets.APP;
import static io.fraisier.providers.coolify.CoolifyTargets.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.StepReporter;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** How HTTP failures of Coolify's API reach the operator, and that the token never does. */
class CoolifyErrorsTest {
    static final String SHA = CoolifyDeploymentProviderTest.SHA;

    final MockWebServer server = new MockWebServer();
    final ManualTime time = new ManualTime();
    final List<String> steps = new CopyOnWriteArrayList<>();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    CoolifyDeploymentProvider provider;
    String apiUrl;

    @BeforeEach
    void start() throws IOException {
        server.start();
        apiUrl = server.url("/").toString().replaceAll("/$", "");
        provider = CoolifyTargets.provider(apiUrl, Duration.ofSeconds(60), time, time, null);
        logs.start();
        ((Logger) LoggerFactory.getLogger(CoolifyApi.class)).addAppender(logs);
    }

    @AfterEach
    void stop() throws IOException {
        ((Logger) LoggerFactory.getLogger(CoolifyApi.class)).detachAppender(logs);
        provider.close();
        server.shutdown();
    }

    FraisierException failureOf(Runnable call) {
        FraisierException e = catchThrowableOfType(FraisierException.class, call::run);
        assertThat(e).as("a FraisierException").isNotNull();
        assertTokenNeverShown(e);
        return e;
    }

    void assertTokenNeverShown(FraisierException e) {
        assertThat(e.getMessage()).doesNotContain(TOKEN);
        assertThat(String.valueOf(e.hint())).doesNotContain(TOKEN);
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
        }
        assertThat(steps).noneMatch(s -> s.contains(TOKEN));
        assertThat(logs.list).noneMatch(l -> l.getFormattedMessage().contains(TOKEN));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void rejectedToken_isAConfigErrorNamingTheUrlTheApplicationAndTheKey(int status) {
        server.enqueue(new MockResponse().setResponseCode(status).setBody("{\"message\":\"Unauthenticated.\"}"));

        FraisierException e = failureOf(() -> provider.resolveTarget(null));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(e.getMessage())
                .contains(apiUrl, APP, "rejected the API token", "HTTP " + status, "Unauthenticated.");
        assertThat(e.hint()).contains("api_token", CoolifyTargets.KEY_PATH);
        assertThat(server.getRequestCount()).as("not retried").isEqualTo(1);
    }

    @Test
    void invalidTokenAnsweredWith400_isReportedAsARejectedToken() {
        server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"message\":\"Invalid token.\"}"));

        FraisierException e = failureOf(() -> provider.resolveTarget(null));

        assertThat(e.getMessage()).contains("rejected the API token");
    }

    @Test
    void unknownApplication_isAConfigErrorNamingApplicationUuid() {
        server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"message\":\"Application not found.\"}"));

        FraisierException e = failureOf(() -> provider.deploy(Version.of(SHA), StepReporter.NONE));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(e.getMessage()).contains(apiUrl, APP, "404");
        assertThat(e.hint()).contains("application_uuid");
    }

    @Test
    void tooManyRequests_isRetriedAfterTheRetryAfterSeconds() {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "7"));
        server.enqueue(CoolifyDeploymentProviderTest.app(SHA));

        assertThat(provider.resolveTarget(null)).isEqualTo(Version.of(SHA));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterAsAnHttpDate_isHonoured() {
        String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                time.instant().plusSeconds(12).atOffset(ZoneOffset.UTC));
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", at));
        server.enqueue(CoolifyDeploymentProviderTest.app(SHA));

        provider.resolveTarget(null);

        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void tooManyRequestsEveryTime_endsProviderUnreachable() {
        for (int i = 0; i <= CoolifyApi.MAX_RETRIES; i++) {
            server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3"));
        }

        FraisierException e = failureOf(() -> provider.resolveTarget(null));

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
        assertThat(e.getMessage()).contains(apiUrl, APP, "HTTP 429", "4 attempts");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void serverErrors_areRetriedWithBackoff_thenProviderUnreachable(int status) {
        for (int i = 0; i <= CoolifyApi.MAX_RETRIES; i++) {
            server.enqueue(new MockResponse().setResponseCode(status).setBody("{\"message\":\"boom\"}"));
        }

        FraisierException e = failureOf(() -> provider.resolveTarget(null));

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
        assertThat(e.getMessage()).contains(apiUrl, APP, "HTTP " + status, "boom");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(logs.list).hasSize(3);
    }

    @Test
    void serverErrorThenSuccess_recovers() {
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(CoolifyDeploymentProviderTest.app("HEAD"));

        assertThat(provider.resolveTarget(null)).isEqualTo(Version.of("HEAD"));
    }

    @Test
    void triggerIsNotRetriedOnServerErrors_becauseADeploymentMayHaveBeenQueued() {
        server.enqueue(CoolifyDeploymentProviderTest.app(SHA));
        server.enqueue(new MockResponse().setResponseCode(500));

        FraisierException e = failureOf(() -> provider.deploy(Version.of(SHA), StepReporter.NONE));

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void connectionRefused_isProviderUnreachableNamingTheUrl() throws IOException {
        server.shutdown();

        FraisierException e = failureOf(() -> provider.resolveTarget(null));

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
        assertThat(e.getMessage()).contains(apiUrl, APP, "connection refused");
        assertThat(e.hint()).contains("api_url");
    }

    @Test
    void droppedConnections_areRetried_thenProviderUnreachable() {
        for (int i = 0; i <= CoolifyApi.MAX_RETRIES; i++) {
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
        }

        FraisierException e = failureOf(() -> provider.resolveTarget(null));

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
        assertThat(time.sleeps).hasSize(3);
    }

    @Test
    void unknownHost_isProviderUnreachableNamingTheUrl() {
        provider.close();
        OkHttpClient noDns = CoolifyDeploymentProviderFactory.client()
                .newBuilder()
                .dns(host -> {
                    throw new UnknownHostException(host);
                })
                .build();
        provider =
                CoolifyTargets.provider("https://coolify.example.invalid", Duration.ofSeconds(60), time, time, noDns);

        FraisierException e = failureOf(() -> provider.resolveTarget(null));

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
        assertThat(e.getMessage()).contains("https://coolify.example.invalid", "unknown host");
    }

    @Test
    void readTimeout_isProviderUnreachable() {
        provider.close();
        OkHttpClient impatient = CoolifyDeploymentProviderFactory.client()
                .newBuilder()
                .readTimeout(Duration.ofMillis(100))
                .build();
        provider = CoolifyTargets.provider(apiUrl, Duration.ofSeconds(60), time, time, impatient);
        for (int i = 0; i <= CoolifyApi.MAX_RETRIES; i++) {
            server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        }

        FraisierException e = failureOf(() -> provider.resolveTarget(null));

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
        assertThat(e.getMessage()).contains("timed out");
    }

    @Test
    void aTokenEchoedByCoolify_isScrubbedFromMessagesStepsAndLogs() {
        String echo = "{\"message\":\"bad request for Bearer " + TOKEN + "\"}";
        server.enqueue(new MockResponse().setResponseCode(422).setBody(echo));
        FraisierException refused = failureOf(() -> provider.resolveTarget(null));
        assertThat(refused.getMessage()).contains("Bearer ***");

        server.enqueue(new MockResponse().setResponseCode(503).setBody(echo));
        server.enqueue(CoolifyDeploymentProviderTest.app(TOKEN));
        server.enqueue(new MockResponse().setResponseCode(200).setBody("{}"));
        server.enqueue(CoolifyDeploymentProviderTest.queued());
        String deploymentLog = CoolifyApi.mapper()
                .valueToTree("[{\"output\":\"token " + TOKEN + " leaked\"}]")
                .toString();
        server.enqueue(CoolifyDeploymentProviderTest.json(
                "{\"deployment_uuid\":\"d1\",\"status\":\"failed\",\"logs\":" + deploymentLog + "}"));
        server.enqueue(new MockResponse().setResponseCode(200).setBody("{}"));

        FraisierException failed = failureOf(() -> provider.deploy(Version.of(SHA), (s, m) -> steps.add(s + ": " + m)));

        assertThat(failed.getMessage()).contains("token *** leaked");
        assertThat(steps).anyMatch(s -> s.startsWith("pin: ") && s.contains("***"));
        assertThat(logs.list).as("the 503 was logged, scrubbed").isNotEmpty();
    }

    @Test
    void selfTest_ofAnApiThatTakesTheConnectionAndNeverAnswers_failsOnceInItsTime() {
        // as a proxy or a wedged Coolify does: before, each of the three calls waited 30 s, four times
        server.enqueue(new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.NO_RESPONSE));
        long start = System.nanoTime();

        List<CheckResult> checks = provider.selfTest(Duration.ofSeconds(1));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("api");
            assertThat(c.ok()).isFalse();
            assertThat(c.detail()).contains("Cannot reach Coolify at " + apiUrl, "timed out");
        });
        assertThat(server.getRequestCount()).as("tried once").isEqualTo(1);
    }

    @Test
    void selfTest_reportsEachCheck() {
        server.enqueue(new MockResponse().setBody("OK"));
        server.enqueue(new MockResponse().setBody("4.0.0-beta.420"));
        server.enqueue(CoolifyDeploymentProviderTest.app("HEAD"));

        List<CheckResult> checks = provider.selfTest();

        assertThat(checks).extracting(CheckResult::name).containsExactly("api", "version", "token", "application");
        assertThat(checks).allMatch(CheckResult::ok);
        assertThat(checks.get(1).detail()).isEqualTo("Coolify 4.0.0-beta.420");
        assertThat(checks.get(3).detail()).contains(APP, "demo", "main", "HEAD");
    }

    @Test
    void selfTest_withARejectedToken_failsTokenButStillChecksTheApi() throws InterruptedException {
        server.enqueue(new MockResponse().setBody("OK"));
        server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"message\":\"Unauthenticated.\"}"));
        server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"message\":\"Unauthenticated.\"}"));

        List<CheckResult> checks = provider.selfTest();

        assertThat(checks).extracting(CheckResult::ok).containsExactly(true, false, false, false);
        assertThat(checks).allSatisfy(c -> assertThat(c.detail()).doesNotContain(TOKEN));
        assertThat(server.takeRequest().getHeader("Authorization"))
                .as("health needs no token")
                .isNull();
        assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    }
}
