package io.fraisier.providers.health;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Healthy when a GET of the URL answers {@code expect_status}, or any 2xx when none is set, within the
 * timeout. Redirects are not followed (a redirect is not a health answer). Owns one {@link HttpClient};
 * close it when done.
 *
 * <p>Thread-safe.
 */
public final class HttpProbe implements AutoCloseable {
    private final HttpClient client;

    public HttpProbe() {
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * One GET of {@code url}.
     *
     * @throws FraisierException {@link ErrorCode#CONFIG_INVALID} when {@code url} is not an http(s) URL
     */
    public ProbeResult probe(String url, @Nullable Integer expectStatus, Duration timeout) {
        URI uri = parse(url);
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(timeout)
                .header("User-Agent", "fraisier-health-check")
                .build();
        CompletableFuture<HttpResponse<Void>> answer =
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            // the future's own bound covers connect, TLS and response together
            int status = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            boolean healthy = expectStatus == null ? status / 100 == 2 : status == expectStatus;
            String detail = "HTTP " + status
                    + (healthy ? "" : expectStatus == null ? " (expected 2xx)" : " (expected " + expectStatus + ")");
            return new ProbeResult(healthy, detail, TcpProbe.since(start));
        } catch (TimeoutException e) {
            answer.cancel(true);
            return ProbeResult.unhealthy("timed out after " + Durations.human(timeout), TcpProbe.since(start));
        } catch (ExecutionException e) {
            return ProbeResult.unhealthy(describe(e.getCause(), timeout), TcpProbe.since(start));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new FraisierException(ErrorCode.INTERRUPTED, "Interrupted while probing " + url);
        }
    }

    private static String describe(@Nullable Throwable failure, Duration timeout) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + Durations.human(timeout);
        }
        if (failure instanceof HttpTimeoutException) {
            return "timed out after " + Durations.human(timeout);
        }
        if (failure instanceof ConnectException connect) {
            Throwable root = connect.getCause() != null ? connect.getCause() : connect;
            if (root instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            String message = root.getMessage();
            return message == null || message.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connection refused"
                    : "cannot connect: " + message;
        }
        if (failure instanceof IOException io) {
            return "I/O error: " + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage());
        }
        return "failed: "
                + (failure == null ? "unknown error" : failure.getClass().getSimpleName());
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new FraisierException(
                ErrorCode.CONFIG_INVALID,
                "health_check_url: '" + url + "' is not an http:// or https:// URL",
                "Write it like http://localhost:8000/health.");
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
