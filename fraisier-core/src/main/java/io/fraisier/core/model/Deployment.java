package io.fraisier.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code tb_deployment}: a request to move a target to a version, and what became of it.
 *
 * @param id database id
 * @param target fraise and environment
 * @param provider provider type ({@code local}, {@code bare_metal}, …)
 * @param status current status
 * @param trigger what started it
 * @param triggeredBy who started it (user name, webhook sender), never a secret
 * @param oldVersion version running before (null when unknown or first deployment)
 * @param newVersion version asked for or resolved (null until resolved)
 * @param gitBranch branch that was pushed or configured (may be null)
 * @param gitCommit commit requested by a webhook (may be null)
 * @param webhookEventId the {@code tb_webhook_event} row that caused it (may be null)
 * @param requestedVersion version explicitly asked for ({@code --version}, {@code --to}), may be null
 * @param force whether the equal-version check is bypassed
 * @param fencingToken token of the lock held while it ran (0 before the lock is taken)
 * @param createdAt when the row was written
 * @param startedAt when it went {@code in_progress}
 * @param completedAt when it reached a terminal status
 * @param durationSeconds {@code completedAt - startedAt} in seconds
 * @param errorType stable error category (see {@link io.fraisier.core.error.ErrorCode}), may be null
 * @param errorMessage human message for failures, never contains a secret
 * @param resolvedBy operator who resolved it by hand ({@code fraisier resolve}), may be null
 * @param resolutionReason why it was resolved by hand, may be null
 */
public record Deployment(
        long id,
        Target target,
        String provider,
        DeploymentStatus status,
        Trigger trigger,
        @Nullable String triggeredBy,
        @Nullable Version oldVersion,
        @Nullable Version newVersion,
        @Nullable String gitBranch,
        @Nullable String gitCommit,
        @Nullable Long webhookEventId,
        @Nullable Version requestedVersion,
        boolean force,
        long fencingToken,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant completedAt,
        @Nullable Double durationSeconds,
        @Nullable String errorType,
        @Nullable String errorMessage,
        @Nullable String resolvedBy,
        @Nullable String resolutionReason) {

    public Deployment {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public Optional<Duration> duration() {
        return startedAt == null || completedAt == null
                ? Optional.empty()
                : Optional.of(Duration.between(startedAt, completedAt));
    }

    /** This row with the versions a running deployment resolved ({@code DeploymentStore#recordVersions}). */
    public Deployment withVersions(@Nullable Version oldVersion, @Nullable Version newVersion) {
        return new Deployment(
                id,
                target,
                provider,
                status,
                trigger,
                triggeredBy,
                oldVersion,
                newVersion,
                gitBranch,
                gitCommit,
                webhookEventId,
                requestedVersion,
                force,
                fencingToken,
                createdAt,
                startedAt,
                completedAt,
                durationSeconds,
                errorType,
                errorMessage,
                resolvedBy,
                resolutionReason);
    }
}
