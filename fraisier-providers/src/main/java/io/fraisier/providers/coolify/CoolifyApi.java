package io.fraisier.providers.coolify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few calls of Coolify's v4 API the provider makes, with the bearer token, retries of 429 and 5xx
 * (honouring {@code Retry-After}) and every failure turned into a {@link FraisierException} naming
 * {@code api_url} and the application. The token is only ever put in the Authorization header and is
 * scrubbed from anything Coolify sends back.
 *
 * <p>Thread-safe when its sleeper is.
 */
final class CoolifyApi implements AutoCloseable {
    static final int MAX_RETRIES = 3;
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(CoolifyApi.class);

    private final CoolifySettings settings;
    private final OkHttpClient client;
    private final Sleeper sleeper;
    private final Clock clock;
    private final boolean retries;

    CoolifyApi(CoolifySettings settings, OkHttpClient client, Sleeper sleeper, Clock clock) {
        this(settings, client, sleeper, clock, true);
    }

    private CoolifyApi(CoolifySettings settings, OkHttpClient client, Sleeper sleeper, Clock clock, boolean retries) {
        this.settings = settings;
        this.client = client;
        this.sleeper = sleeper;
        this.clock = clock;
        this.retries = retries;
    }

    /**
     * The same API for one-off checks ({@code fraisier provider-test}): each call tried once and answered
     * within {@code within}, else unreachable. A deployment's calls retry and wait up to a minute each, which
     * against an API that takes connections and never answers made a provider-test last minutes.
     * Shares this one's connections; closing this one closes them.
     */
    CoolifyApi forChecks(Duration within) {
        OkHttpClient quick =
                client.newBuilder().callTimeout(within).readTimeout(within).build();
        return new CoolifyApi(settings, quick, sleeper, clock, false);
    }

    /** {@code GET /applications/{uuid}}. */
    JsonNode application() {
        return json(
                send(authorized(url("applications", settings.applicationUuid())).get(), true));
    }

    /** {@code PATCH /applications/{uuid}} with {@code {"git_commit_sha": commit}}. */
    void setCommit(String commit) {
        String body = MAPPER.createObjectNode().put("git_commit_sha", commit).toString();
        send(authorized(url("applications", settings.applicationUuid())).patch(RequestBody.create(body, JSON)), true);
    }

    /** {@code POST /deploy?uuid=…&force=…}: the raw answer (deployments with their uuids, or a message). */
    JsonNode deploy(boolean force) {
        HttpUrl url = url("deploy")
                .newBuilder()
                .addQueryParameter("uuid", settings.applicationUuid())
                .addQueryParameter("force", Boolean.toString(force))
                .build();
        // not retried: a lost answer may still have queued a deployment
        return json(send(authorized(url).post(RequestBody.create(new byte[0], null)), false));
    }

    /** {@code GET /deployments/{uuid}}. */
    JsonNode deployment(String deploymentUuid) {
        return json(send(authorized(url("deployments", deploymentUuid)).get(), true));
    }

    /** {@code GET /deployments/applications/{uuid}?skip=0&take=…}: the newest deployments of the application. */
    JsonNode deployments(int take) {
        HttpUrl url = url("deployments", "applications", settings.applicationUuid())
                .newBuilder()
                .addQueryParameter("skip", "0")
                .addQueryParameter("take", Integer.toString(take))
                .build();
        return json(send(authorized(url).get(), true));
    }

    /** {@code POST /deployments/{uuid}/cancel}. */
    void cancel(String deploymentUuid) {
        send(
                authorized(url("deployments", deploymentUuid, "cancel")).post(RequestBody.create(new byte[0], null)),
                false);
    }

    /** {@code GET /health} (no token). */
    String health() {
        return send(new Request.Builder().url(url("health")).get(), true).trim();
    }

    /** {@code GET /version}. */
    String version() {
        // Coolify answers text; JSON stays acceptable so that auth errors still come back as JSON
        return send(
                        authorized(url("version"))
                                .header("Accept", "application/json, text/html;q=0.9, */*;q=0.8")
                                .get(),
                        true)
                .trim();
    }

    /** Where a path lives, for messages. */
    String display(String... segments) {
        return settings.apiUrl() + "/api/v1/" + String.join("/", segments);
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = settings.apiBase().newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    private Request.Builder authorized(HttpUrl url) {
        return new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + settings.token().reveal())
                .header("Accept", "application/json");
    }

    private String send(Request.Builder builder, boolean retryable) {
        return sendOnce(builder, retryable && retries);
    }

    private String sendOnce(Request.Builder builder, boolean retryable) {
        Request request = builder.header("User-Agent", "fraisier").build();
        String what = request.method() + " " + settings.apiUrl() + request.url().encodedPath();
        for (int attempt = 0; ; attempt++) {
            Duration wait;
            String failure;
            try (Response response = client.newCall(request).execute()) {
                int code = response.code();
                String body = scrub(bodyOf(response));
                if (response.isSuccessful()) {
                    return body;
                }
                if (code != 429 && code < 500) {
                    throw refused(what, code, body);
                }
                failure =
                        "HTTP " + code + message(body).map(m -> " (" + m + ")").orElse("");
                wait = retryAfter(response.header("Retry-After")).orElse(backoff(attempt));
            } catch (IOException e) {
                if (!retryable
                        || e instanceof InterruptedIOException
                                && Thread.currentThread().isInterrupted()) {
                    throw unreachable(what, describe(e), e);
                }
                failure = describe(e);
                wait = backoff(attempt);
            }
            if (attempt >= MAX_RETRIES || !retryable && !failure.startsWith("HTTP 429")) {
                throw unreachable(what, failure + (attempt > 0 ? " after " + (attempt + 1) + " attempts" : ""), null);
            }
            LOG.info("{}: {}; retrying in {} ms", what, failure, wait.toMillis());
            pause(wait);
        }
    }

    private static String bodyOf(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? "" : body.string();
    }

    /** Retry wait {@code n} (0-based): 1 s, 2 s, 4 s… capped at 10 s. */
    static Duration backoff(int attempt) {
        return CoolifyPolling.delay(attempt);
    }

    private Optional<Duration> retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                wait = Duration.between(clock.instant(), at.toInstant());
            } catch (DateTimeParseException d) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FraisierException(
                    ErrorCode.INTERRUPTED, "Interrupted while waiting to retry " + settings.apiUrl());
        }
    }

    private FraisierException refused(String what, int code, String body) {
        String said = message(body).map(m -> ": " + m).orElse("");
        String app = "application " + settings.applicationUuid();
        if (code == 401
                || code == 403
                || code == 400 && said.toLowerCase(Locale.ROOT).contains("token")) {
            return new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    "Coolify at " + settings.apiUrl() + " rejected the API token (HTTP " + code + said + ") for " + app,
                    "Check api_token in " + settings.keyPath() + ": create one in Coolify under Keys & Tokens → API"
                            + " tokens with the deploy permission, and check that the API is enabled.");
        }
        if (code == 404) {
            return new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    "Coolify at " + settings.apiUrl() + " has no " + app + " (HTTP 404 on " + what + ")",
                    "Check application_uuid in " + settings.keyPath()
                            + " (it is in the application's URL in Coolify) and that the token's team owns it.");
        }
        return new FraisierException(
                ErrorCode.DEPLOYMENT_FAILED,
                "Coolify at " + settings.apiUrl() + " refused " + what + " for " + app + " (HTTP " + code + said + ")",
                "Check the application's settings in Coolify.");
    }

    private FraisierException unreachable(String what, String detail, @Nullable Throwable cause) {
        return new FraisierException(
                ErrorCode.PROVIDER_UNREACHABLE,
                "Cannot reach Coolify at " + settings.apiUrl() + " for application " + settings.applicationUuid() + ": "
                        + what + ": " + detail,
                "Check api_url in " + settings.keyPath() + ", the network and that Coolify is running; then run"
                        + " `fraisier provider-test coolify`.",
                cause);
    }

    private static String describe(IOException e) {
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return "timed out";
        }
        return "I/O error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** Coolify's {@code {"message": …}}, or the start of a non-JSON answer. */
    static Optional<String> message(String body) {
        if (body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return Optional.of(node.get("message").asText());
            }
        } catch (JsonProcessingException e) {
            // not JSON: shown as text
        }
        String text = body.strip();
        return Optional.of(text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }

    private JsonNode json(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? MAPPER.missingNode() : node;
        } catch (JsonProcessingException e) {
            throw new FraisierException(
                    ErrorCode.PROVIDER_UNREACHABLE,
                    "Coolify at " + settings.apiUrl() + " answered something that is not JSON: "
                            + message(body).orElse("(empty)"),
                    "Check that api_url in " + settings.keyPath() + " points to Coolify, not to another site.");
        }
    }

    /** Removes the token from text Coolify sends back, should it ever echo it. */
    String scrub(String text) {
        String token = settings.token().reveal();
        return token.isEmpty() ? text : text.replace(token, "***");
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
