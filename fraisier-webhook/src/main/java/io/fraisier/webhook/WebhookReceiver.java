package io.fraisier.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.api.WebhookEvents;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.model.WebhookEvent;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
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
    private final WebhookEvents events;
    private final Clock clock;
    private final Runnable onEnqueued;
    private final HostProtocols protocols;
    private final GitHostDetector detector;
    private final PushRouter router;
    private final WebhookMetrics metrics;
    private final StoreHealth health;

    /**
     * @param health told when a store write fails, so that {@code /health} says so at once
     * @param onEnqueued called after a push queued deployments (wakes this daemon's workers)
     */
    WebhookReceiver(Fraisier fraisier, Clock clock, WebhookMetrics metrics, StoreHealth health, Runnable onEnqueued) {
        this.fraisier = Objects.requireNonNull(fraisier, "fraisier");
        this.config = fraisier.config();
        this.events = fraisier.webhookEvents();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.health = Objects.requireNonNull(health, "health");
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
                : detector.detect(delivery.headers()).orElseThrow(RequestRejected::unknownHost);
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

        try {
            return store(host, deliveryId, event, withoutFrozen(decision), delivery.body());
        } catch (FraisierException e) {
            throw storeFailure(e, host, deliveryId);
        }
    }

    /**
     * Stores the event and, when this request holds its claim, queues what it deploys. Of any number of
     * concurrent copies of one delivery only the one whose write created the row (or that takes over the
     * claim of a copy that died half-way, {@link WebhookEventStore#CLAIM_LEASE}) queues anything; the
     * others answer {@code duplicate} with the original event id once it is finished, and 409
     * {@code delivery_in_progress} before that: a 2xx would let the sender take as done a delivery whose
     * request may still fail.
     */
    private Reply store(
            GitHost host,
            @Nullable String deliveryId,
            HostEvent event,
            @Nullable RoutingDecision decision,
            byte[] body) {
        // an event that deploys nothing is stored already processed: one write instead of two
        Settled settled = settledWithoutDeploying(event, decision);
        WebhookEventStore.Recorded recorded = events.record(
                eventRow(host, deliveryId, event, body, settled == null ? null : settled.storedOutcome()));
        WebhookEvent stored = recorded.event();
        if (recorded.duplicate()) {
            if (stored.processed()) {
                return reply(200, "duplicate", "delivery " + deliveryId + " was already received", stored);
            }
            // stored, not finished: another copy is at it, or one failed half-way (it gave its claim back)
            if (!events.claim(stored.id(), clock.instant())) {
                throw RequestRejected.deliveryInProgress(
                        deliveryId, stored.id(), WebhookEventStore.CLAIM_LEASE.toSeconds());
            }
        } else if (settled != null) {
            return settled.reply(stored.id());
        }
        try {
            return switch (event) {
                case HostEvent.Ping ignoredPing -> finish(stored, 200, "pong", null, List.of());
                case HostEvent.Ignored ignored -> finish(stored, 200, "ignored", ignored.reason(), List.of());
                case HostEvent.Push push -> deploy(stored, push, Objects.requireNonNull(decision));
            };
        } catch (RuntimeException e) {
            giveBackClaim(stored.id());
            throw e;
        }
    }

    /** So that the redelivery that follows a 503 finishes the event at once, not after the claim lease. */
    private void giveBackClaim(long eventId) {
        try {
            events.releaseClaim(eventId);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not give back the claim on webhook event {}: a redelivery is answered 409 until its"
                            + " lease ends ({}): {}",
                    eventId,
                    WebhookEventStore.CLAIM_LEASE,
                    e.toString());
        }
    }

    /**
     * What a caller learns of a store failure: 503 {@code database_unavailable} with {@code Retry-After}
     * when the write did not happen (the database unreachable or newer, or this host's clock refused by
     * it), a bare 500 for a refused one; never the database's address, file or SQL (the log has them). A value the database cannot hold ({@code
     * USAGE}) is the request's fault and stays a 400.
     */
    private RuntimeException storeFailure(FraisierException e, GitHost host, @Nullable String deliveryId) {
        return switch (e.code()) {
            case DATABASE_UNAVAILABLE, DATABASE_SCHEMA_NEWER -> {
                LOG.warn("Could not store {} delivery {}: {}", host.id(), deliveryId, e.getMessage());
                health.writeFailed();
                yield StoreHealth.unavailable(
                        "The database is unavailable: the delivery was not stored. Redeliver it later.");
            }
            case CLOCK_SKEW -> {
                // the message names the database's server and this host's clock: the log has it
                LOG.warn("Could not store {} delivery {}: {}", host.id(), deliveryId, e.getMessage());
                health.writeFailed();
                yield StoreHealth.unavailable(
                        "The daemon cannot store deliveries now: the delivery was not stored. Redeliver it later.");
            }
            case INTERNAL -> {
                LOG.error("Could not store {} delivery {}", host.id(), deliveryId, e);
                yield new RequestRejected(
                        500,
                        "internal",
                        "Internal error",
                        "The daemon failed to store the delivery; its log has the cause.",
                        null);
            }
            default -> e;
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

    /**
     * The decision less its frozen targets (a manual freeze or a declared window): each becomes an
     * ignored ref with the reason {@code frozen: <target> (<the freeze>)}, so that a push to a frozen target
     * is answered 200 {@code ignored} and queues nothing.
     */
    private @Nullable RoutingDecision withoutFrozen(@Nullable RoutingDecision decision) {
        if (decision == null || decision.deploysNothing()) {
            return decision;
        }
        List<PlannedDeployment> kept = new ArrayList<>();
        List<String> ignored = new ArrayList<>(decision.ignored());
        for (PlannedDeployment planned : decision.deployments()) {
            List<io.fraisier.core.model.Freeze> freezes = fraisier.freezes(planned.target());
            if (freezes.isEmpty()) {
                kept.add(planned);
            } else {
                ignored.add("frozen: " + planned.target() + " ("
                        + freezes.getFirst().describe() + ")");
            }
        }
        return kept.size() == decision.deployments().size() ? decision : new RoutingDecision(kept, ignored);
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
                bodySummary(body),
                processedOutcome != null,
                processedOutcome,
                List.of());
    }

    /**
     * What the event row keeps of the body: its size and SHA-256, not the body. The history needs only
     * the parsed fields (host, event, delivery, ref, commit, sender, repository); a body can be megabytes
     * (a push listing thousands of commits or changes), and the digest still tells whether two deliveries
     * carried the same body (a replay).
     */
    static String bodySummary(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "{\"bytes\":" + body.length + ",\"sha256\":\""
                    + HexFormat.of().formatHex(digest) + "\"}";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
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
        events.markProcessed(stored.id(), storedOutcome, ids);
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
}
