package io.fraisier.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One received webhook delivery ({@code tb_webhook_event}), stored before it is acknowledged.
 *
 * @param id database id (0 before it is stored)
 * @param receivedAt when it arrived
 * @param gitHost {@code github}, {@code gitlab}, {@code gitea} or {@code bitbucket}
 * @param eventType the host's event name ({@code push}, {@code Push Hook}, {@code repo:push}, …)
 * @param deliveryId the host's delivery id (unique per host), may be null when the host sent none
 * @param ref branch or tag name (without {@code refs/heads/}), may be null
 * @param refType {@code branch} or {@code tag}, may be null
 * @param commit commit SHA pushed, may be null
 * @param sender who pushed, may be null
 * @param repository {@code owner/name}, may be null
 * @param payload what is kept of the body: the daemon stores its size and SHA-256 ({@code {"bytes":…,"sha256":"…"}}), not the body
 * @param processed whether routing finished
 * @param outcome what happened ({@code deployed}, {@code ignored: …}, {@code duplicate}), may be null
 * @param deploymentIds deployments queued for it, ascending: those its processing created and any queued
 *     again for it later (a row carrying its id, as a skipped replay's give-back writes)
 */
public record WebhookEvent(
        long id,
        Instant receivedAt,
        String gitHost,
        String eventType,
        @Nullable String deliveryId,
        @Nullable String ref,
        @Nullable String refType,
        @Nullable String commit,
        @Nullable String sender,
        @Nullable String repository,
        String payload,
        boolean processed,
        @Nullable String outcome,
        List<Long> deploymentIds) {
    public WebhookEvent {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(gitHost, "gitHost");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        deploymentIds = List.copyOf(deploymentIds);
    }

    /** This event as a store keeps it: under {@code id}, with the time as the store records it. */
    public WebhookEvent stored(long id, Instant storedReceivedAt) {
        return new WebhookEvent(
                id,
                storedReceivedAt,
                gitHost,
                eventType,
                deliveryId,
                ref,
                refType,
                commit,
                sender,
                repository,
                payload,
                processed,
                outcome,
                deploymentIds);
    }
}
