package io.fraisier.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.fraisier.core.api.DeployRequest;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.spi.WebhookEventStore;
import io.fraisier.webhook.host.GitHost;
import io.fraisier.webhook.host.GitHostDetector;
import io.fraisier.webhook.host.Headers;
import io.fraisier.webhook.host.HostEvent;
import io.fraisier.webhook.host.PayloadJson;
import io.fraisier.webhook.host.RefUpdate;
import io.fraisier.webhook.host.Verification;
import io.fraisier.webhook.routing.PlannedDeployment;
import io.fraisier.webhook.routing.PushRouter;
import io.fraisier.webhook.routing.RoutingDecision;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook pipeline after the body is read: host detection, secret lookup, signature check,
 * content type, JSON parse, delivery-id dedupe, the durable event row, routing, and the pending
 * deployments. An event is acknowledged only once it is stored; a store that fails throws {@code
 * DATABASE_UNAVAILABLE}, which the server answers with 503.
 *
 * <p>Thread-safe: it keeps no state between requests.
 */
final class WebhookReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

    private final Fraisier fraisier;
    private final FraisierConfig config;
    private final FraisierStore store;
    private final Clock clock;
    private final Runnable onEnqueued;
    private final HostProtocols protocols;
    private final GitHostDetector detector;
    private final PushRouter router;
    private final WebhookMetrics metrics;

    /**
     * @param onEnqueued called after a push queued deployments (wakes this daemon's workers)
     */
    WebhookReceiver(Fraisier fraisier, Clock clock, WebhookMetrics metrics, Runnable onEnqueued) {
        this.fraisier = Objects.requireNonNull(fraisier, "fraisier");
        this.config = fraisier.config();
        this.store = fraisier.store();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.onEnqueued = Objects.requireNonNull(onEnqueued, "onEnqueued");
        this.protocols = HostProtocols.standard(clock);
        this.detector =
                new GitHostDetector(GitHost.fromId(config.git().defaultHost()).orElse(null));
        this.router = new PushRouter(config);
    }

    /** Notes host, event and delivery id for the log line, before the body is read (or refused). */
    void identify(@Nullable GitHost routeHost, Headers headers, RequestLog log) {
        GitHost host = routeHost != null ? routeHost : detector.detect(headers).orElse(null);
        if (host != null) {
            log.host(host.id());
            log.event(host.eventType(headers));
            log.delivery(host.deliveryId(headers));
        }
    }

    Reply receive(Delivery delivery, RequestLog log) {
        GitHost host = delivery.routeHost() != null
                ? delivery.routeHost()
                : detector.detect(delivery.headers()).orElseThrow(WebhookReceiver::unknownHost);
        String eventType = host.eventType(delivery.headers());
        String deliveryId = host.deliveryId(delivery.headers());
        log.host(host.id());
        log.event(eventType);
        log.delivery(deliveryId);

        authenticate(host, delivery);
        requireJson(delivery.contentType());
        HostEvent event = protocols.parser(host).parse(eventType, parse(delivery.body()));
        log.event(event.eventType());
        // routing is decided before anything is stored, so that a mapping error leaves no half-done event
        RoutingDecision decision = event instanceof HostEvent.Push push ? router.route(push) : null;

        // an event that deploys nothing is stored already processed: one write instead of two
        Settled settled = settledWithoutDeploying(event, decision);
        WebhookEventStore.Recorded recorded = store.webhooks()
                .record(eventRow(
                        host, deliveryId, event, delivery.body(), settled == null ? null : settled.storedOutcome()));
        WebhookEvent stored = recorded.event();
        if (recorded.duplicate() && stored.processed()) {
            return reply(200, "duplicate", "delivery " + deliveryId + " was already received", stored);
        }
        if (!recorded.duplicate() && settled != null) {
            return settled.reply(stored.id());
        }
        // a duplicate that was never processed (the database failed half-way) is finished now
        return switch (event) {
            case HostEvent.Ping ignoredPing -> finish(stored, 200, "pong", null, List.of());
            case HostEvent.Ignored ignored -> finish(stored, 200, "ignored", ignored.reason(), List.of());
            case HostEvent.Push push -> deploy(stored, push, Objects.requireNonNull(decision));
        };
    }

    private void authenticate(GitHost host, Delivery delivery) {
        List<Secret> secrets = config.git().secretsFor(host.id());
        if (secrets.stream().allMatch(Secret::isEmpty)) {
            metrics.signatureFailure(host.id());
            LOG.warn(
                    "Rejected a {} webhook: no secret is configured for {} (set git.{}.webhook_secret in fraises.yaml)",
                    host.id(),
                    host.id(),
                    host.id());
            throw new RequestRejected(
                    401,
                    "no_secret_configured",
                    "No webhook secret configured",
                    "This daemon has no webhook secret for " + host.id() + ", so it accepts no " + host.id()
                            + " webhook.",
                    "Set git." + host.id() + ".webhook_secret in fraises.yaml and the same secret on the hook.");
        }
        Verification verification = protocols.verifier(host).verify(delivery.headers(), delivery.body(), secrets);
        if (!verification.valid()) {
            metrics.signatureFailure(host.id());
            throw new RequestRejected(
                    401,
                    "invalid_signature",
                    "Invalid webhook signature",
                    verification.reason(),
                    "Check that the hook's secret equals git." + host.id() + ".webhook_secret(s).");
        }
    }

    private static void requireJson(@Nullable String contentType) {
        String media =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
            throw new RequestRejected(
                    415,
                    "unsupported_media_type",
                    "Unsupported content type",
                    "The body is '" + (media.isEmpty() ? "without a content type" : media)
                            + "'; webhooks must be sent as application/json.",
                    "Set the hook's content type to application/json.");
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return PayloadJson.parseObject(body);
        } catch (PayloadJson.Malformed e) {
            throw new RequestRejected(400, "malformed_body", "Malformed body", e.getMessage(), null);
        }
    }

    /** The answer to an event that deploys nothing, known before it is stored; null when it deploys. */
    private static @Nullable Settled settledWithoutDeploying(HostEvent event, @Nullable RoutingDecision decision) {
        return switch (event) {
            case HostEvent.Ping ignoredPing -> new Settled(200, "pong", null);
            case HostEvent.Ignored ignored -> new Settled(200, "ignored", ignored.reason());
            case HostEvent.Push push ->
                Objects.requireNonNull(decision).deploysNothing()
                        ? new Settled(200, "ignored", decision.ignoredReason())
                        : null;
        };
    }

    private record Settled(
            int status, String outcome, @Nullable String reason) {
        String storedOutcome() {
            return outcome.equals("ignored") && reason != null ? "ignored: " + reason : outcome;
        }

        Reply reply(long eventId) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("outcome", outcome);
            if (reason != null) {
                body.put("reason", reason);
            }
            body.put("event", eventId);
            body.put("deployments", List.of());
            return new Reply(status, body);
        }
    }

    private WebhookEvent eventRow(
            GitHost host,
            @Nullable String deliveryId,
            HostEvent event,
            byte[] body,
            @Nullable String processedOutcome) {
        RefUpdate first = event instanceof HostEvent.Push push ? push.updates().getFirst() : null;
        return new WebhookEvent(
                0,
                clock.instant(),
                host.id(),
                event.eventType(),
                deliveryId,
                first == null ? null : first.name(),
                first == null ? null : first.kind().id(),
                first == null ? null : first.commit(),
                event.sender(),
                event.repository(),
                new String(body, StandardCharsets.UTF_8),
                processedOutcome != null,
                processedOutcome,
                List.of());
    }

    private Reply deploy(WebhookEvent stored, HostEvent.Push push, RoutingDecision decision) {
        if (decision.deploysNothing()) {
            return finish(stored, 200, "ignored", decision.ignoredReason(), List.of());
        }
        List<Long> ids = new ArrayList<>();
        for (PlannedDeployment planned : decision.deployments()) {
            RefUpdate update = planned.update();
            String commit = Objects.requireNonNull(update.commit());
            // enqueue writes the pending row and supersedes older unstarted requests of the same target
            Deployment queued = fraisier.enqueue(new DeployRequest(
                    planned.target(),
                    Version.of(commit),
                    false,
                    false,
                    Trigger.WEBHOOK,
                    push.sender(),
                    update.kind() == RefUpdate.Kind.BRANCH ? update.name() : null,
                    commit,
                    stored.id()));
            ids.add(queued.id());
        }
        Reply reply =
                finish(stored, 202, "deployed", decision.ignored().isEmpty() ? null : decision.ignoredReason(), ids);
        onEnqueued.run();
        return reply;
    }

    private Reply finish(WebhookEvent stored, int status, String outcome, @Nullable String reason, List<Long> ids) {
        String storedOutcome = outcome.equals("ignored") && reason != null ? "ignored: " + reason : outcome;
        store.webhooks().markProcessed(stored.id(), storedOutcome, ids);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome);
        if (reason != null) {
            body.put("reason", reason);
        }
        body.put("event", stored.id());
        body.put("deployments", ids);
        return new Reply(status, body);
    }

    private static Reply reply(int status, String outcome, String reason, WebhookEvent stored) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome);
        body.put("reason", reason);
        body.put("event", stored.id());
        body.put("deployments", stored.deploymentIds());
        return new Reply(status, body);
    }

    private static RequestRejected unknownHost() {
        return new RequestRejected(
                400,
                "unknown_git_host",
                "Unknown git host",
                "The request carries none of " + GitHostDetector.recognisedHeaders()
                        + " and git.provider is not set, so its sender cannot be told.",
                "Post to /webhook/{" + String.join("|", GitHost.ids().split(", ")) + "} or set git.provider.");
    }
}
