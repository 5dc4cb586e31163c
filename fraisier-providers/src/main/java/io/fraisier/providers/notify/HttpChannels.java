package io.fraisier.providers.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.Notification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP channels: {@code webhook} (the message as JSON, signed), {@code slack} (an incoming-webhook
 * {@code text}), {@code github_deployments} (a deployment and its status through the GitHub REST API) and
 * {@code grafana_annotation} (an annotation through Grafana's HTTP API). Every request carries the
 * message's delivery id ({@value #DELIVERY_HEADER}). Error texts name the host, never a URL's path or
 * query (a Slack URL is a credential) nor a token. Thread-safe.
 */
public final class HttpChannels implements ChannelSender {
    public static final String DELIVERY_HEADER = "X-Fraisier-Delivery";
    public static final String EVENT_HEADER = "X-Fraisier-Event";
    public static final String SIGNATURE_HEADER = "X-Fraisier-Signature-256";
    static final String GITHUB_API_VERSION = "2022-11-28";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "Fraisier-Notifications";

    /** How much of a receiver's answer is read: GitHub's deployment object is a few KiB. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;

    private final HttpClient client;

    public HttpChannels() {
        this(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    HttpChannels(HttpClient client) {
        this.client = client;
    }

    @Override
    public void send(NotificationChannel channel, Notification message, Duration timeout) throws DeliveryFailure {
        JsonNode body = parse(message);
        switch (channel.type()) {
            case NotificationChannel.WEBHOOK -> webhook(channel, message, timeout);
            case NotificationChannel.SLACK -> slack(channel, message, body, timeout);
            case NotificationChannel.GITHUB_DEPLOYMENTS -> github(channel, message, body, timeout);
            case NotificationChannel.GRAFANA_ANNOTATION -> grafana(channel, message, body, timeout);
            default -> throw new DeliveryFailure("channel type " + channel.type() + " is not sent over HTTP");
        }
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} keyed with {@code secret}, as GitHub signs. */
    public static String signature(Secret secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private void webhook(NotificationChannel c, Notification m, Duration timeout) throws DeliveryFailure {
        byte[] bytes = m.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder r = request(URI.create(required(c.value("url"), c, "url")), m, timeout)
                .header(EVENT_HEADER, "deployment." + m.event());
        Secret secret = c.secret("secret");
        if (secret != null) {
            r.header(SIGNATURE_HEADER, signature(secret, bytes));
        }
        exchange(r.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), timeout);
    }

    private void slack(NotificationChannel c, Notification m, JsonNode body, Duration timeout) throws DeliveryFailure {
        Secret url = c.secret("url");
        if (url == null) {
            throw new DeliveryFailure("channel " + c.name() + " has no url");
        }
        ObjectNode payload = JSON.createObjectNode();
        payload.put("text", SlackText.of(body));
        payload.put("username", "Fraisier");
        post(URI.create(url.reveal()), m, payload, timeout, Map.of());
    }

    private void github(NotificationChannel c, Notification m, JsonNode body, Duration timeout) throws DeliveryFailure {
        Secret token = c.secret("token");
        if (token == null) {
            throw new DeliveryFailure("channel " + c.name() + " has no token");
        }
        String api = stripSlash(required(c.value("api_url"), c, "api_url"));
        String repo = required(c.value("repository"), c, "repository");
        Map<String, String> auth = Map.of(
                "Authorization",
                "Bearer " + token.reveal(),
                "Accept",
                "application/vnd.github+json",
                "X-GitHub-Api-Version",
                GITHUB_API_VERSION);
        String ref = firstText(body, "git_commit", "new_version.full", "git_branch");
        if (ref == null) {
            throw new DeliveryFailure(
                    "deployment #" + body.path("deployment_id").asLong()
                            + " names no commit, version or branch to attach a GitHub deployment to");
        }
        String environment = body.path("environment").asText();
        ObjectNode deployment = JSON.createObjectNode();
        deployment.put("ref", ref);
        deployment.put("task", "deploy");
        deployment.put("auto_merge", false);
        deployment.putArray("required_contexts");
        deployment.put("environment", environment);
        deployment.put("description", limit(body.path("summary").asText(), 140));
        deployment.put("production_environment", environment.equals("production"));
        deployment.put("transient_environment", false);
        ObjectNode payload = deployment.putObject("payload");
        payload.put("fraisier_deployment_id", body.path("deployment_id").asLong());
        payload.put("fraisier_delivery_id", m.deliveryId());
        String created = post(URI.create(api + "/repos/" + repo + "/deployments"), m, deployment, timeout, auth);
        long id;
        try {
            JsonNode answer = JSON.readTree(created);
            if (!answer.path("id").canConvertToLong()) {
                throw new DeliveryFailure("GitHub answered a deployment without an id");
            }
            id = answer.path("id").asLong();
        } catch (IOException e) {
            throw new DeliveryFailure("GitHub answered a deployment that is not JSON");
        }
        ObjectNode status = JSON.createObjectNode();
        status.put("state", githubState(body.path("status").asText()));
        status.put("description", limit(statusDescription(body), 140));
        status.put("environment", environment);
        String link = text(body, "link");
        if (link != null) {
            status.put("log_url", link);
        }
        String environmentUrl = c.value("environment_url");
        if (environmentUrl != null) {
            status.put("environment_url", environmentUrl);
        }
        status.put("auto_inactive", true);
        post(URI.create(api + "/repos/" + repo + "/deployments/" + id + "/statuses"), m, status, timeout, auth);
    }

    /** Fraisier's end of a deployment as a GitHub deployment state. */
    static String githubState(String status) {
        return switch (status) {
            case "success", "skipped" -> "success";
            case "failed", "rolled_back" -> "failure";
            case "superseded", "cancelled" -> "inactive";
            default -> "error"; // rollback_failed, interrupted: the target may be in a bad state
        };
    }

    private static String statusDescription(JsonNode body) {
        String error = text(body, "error_message");
        return error == null
                ? body.path("summary").asText()
                : body.path("status").asText() + ": " + error;
    }

    private void grafana(NotificationChannel c, Notification m, JsonNode body, Duration timeout)
            throws DeliveryFailure {
        Secret token = c.secret("token");
        if (token == null) {
            throw new DeliveryFailure("channel " + c.name() + " has no token");
        }
        ObjectNode a = JSON.createObjectNode();
        Instant end = instant(text(body, "completed_at"), m.createdAt());
        Instant start = instant(text(body, "started_at"), end);
        a.put("time", start.toEpochMilli());
        a.put("timeEnd", end.toEpochMilli());
        String uid = c.value("dashboard_uid");
        if (uid != null) {
            a.put("dashboardUID", uid);
        }
        ArrayNode tags = a.putArray("tags");
        tags.add("fraisier");
        tags.add("fraise:" + body.path("fraise").asText());
        tags.add("environment:" + body.path("environment").asText());
        tags.add("status:" + body.path("status").asText());
        c.list("tags").forEach(tags::add);
        String link = text(body, "link");
        a.put("text", body.path("summary").asText() + (link == null ? "" : " <a href=\"" + link + "\">details</a>"));
        String url = stripSlash(required(c.value("url"), c, "url"));
        post(URI.create(url + "/api/annotations"), m, a, timeout, Map.of("Authorization", "Bearer " + token.reveal()));
    }

    private String post(URI uri, Notification m, JsonNode payload, Duration timeout, Map<String, String> headers)
            throws DeliveryFailure {
        HttpRequest.Builder r = request(uri, m, timeout);
        headers.forEach(r::header);
        try {
            return exchange(
                    r.POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(payload)))
                            .build(),
                    timeout);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DeliveryFailure("cannot write the request as JSON");
        }
    }

    private static HttpRequest.Builder request(URI uri, Notification m, Duration timeout) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(DELIVERY_HEADER, m.deliveryId());
    }

    private String exchange(HttpRequest request, Duration timeout) throws DeliveryFailure {
        String where = where(request.uri());
        try {
            HttpResponse<String> response = client.sendAsync(request, info -> new BoundedBody(MAX_ANSWER_BYTES))
                    .get(timeout.toMillis() + 500, java.util.concurrent.TimeUnit.MILLISECONDS);
            int code = response.statusCode();
            if (code < 200 || code > 299) {
                throw new DeliveryFailure("HTTP " + code + " from " + where);
            }
            return response.body();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DeliveryFailure("no answer from " + where + " within " + timeout.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new DeliveryFailure("no answer from " + where + " within " + timeout.toMillis() + " ms");
            }
            if (cause instanceof java.net.ConnectException) {
                throw new DeliveryFailure("cannot connect to " + where + " (connection refused or unreachable)");
            }
            throw new DeliveryFailure("cannot reach " + where + ": "
                    + (cause == null
                            ? e.getClass().getSimpleName()
                            : cause.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted while sending to " + where);
        }
    }

    /**
     * The receiver's answer, keeping at most {@code limit} bytes and hanging up after them: a receiver (or
     * something posing as one) that streams a huge or endless body costs neither memory nor the whole
     * attempt's time. Only GitHub's answer is read (for the deployment id); it is a few KiB.
     */
    static final class BoundedBody implements HttpResponse.BodySubscriber<String> {
        private final int limit;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private final java.util.concurrent.CompletableFuture<String> result =
                new java.util.concurrent.CompletableFuture<>();
        private java.util.concurrent.Flow.@Nullable Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public java.util.concurrent.CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> buffers) {
            for (java.nio.ByteBuffer b : buffers) {
                int take = Math.min(b.remaining(), limit - kept.size());
                byte[] bytes = new byte[take];
                b.get(bytes);
                kept.write(bytes, 0, take);
                if (kept.size() >= limit) {
                    if (subscription != null) {
                        subscription.cancel();
                    }
                    onComplete();
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(kept.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** {@code host:port} of a URL: enough to find the receiver, nothing of a secret path. */
    static String where(URI uri) {
        return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static JsonNode parse(Notification m) throws DeliveryFailure {
        try {
            return JSON.readTree(m.body());
        } catch (IOException e) {
            throw new DeliveryFailure("notification #" + m.id() + " holds no JSON message");
        }
    }

    private static String required(@Nullable String value, NotificationChannel c, String key) throws DeliveryFailure {
        if (value == null) {
            throw new DeliveryFailure("channel " + c.name() + " has no " + key);
        }
        return value;
    }

    private static @Nullable String firstText(JsonNode body, String... paths) {
        for (String p : paths) {
            JsonNode n = body;
            for (String part : p.split("\\.")) {
                n = n.path(part);
            }
            if (n.isTextual() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }

    static @Nullable String text(JsonNode body, String key) {
        JsonNode n = body.path(key);
        return n.isTextual() ? n.asText() : null;
    }

    private static Instant instant(@Nullable String text, Instant fallback) {
        try {
            return text == null ? fallback : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return fallback;
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
