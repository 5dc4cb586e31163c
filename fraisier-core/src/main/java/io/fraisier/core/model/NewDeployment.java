package io.fraisier.core.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is needed to write a new {@code pending} deployment row.
 *
 * @param target fraise and environment
 * @param provider provider type
 * @param trigger what asked
 * @param triggeredBy who asked (may be null)
 * @param requestedVersion an explicit version ({@code --version}), or null for the provider's default
 * @param gitBranch branch of the request (may be null)
 * @param gitCommit commit of a webhook push (may be null)
 * @param webhookEventId the webhook event that caused it (may be null)
 * @param force bypass the equal-version check
 */
public record NewDeployment(
        Target target,
        String provider,
        Trigger trigger,
        @Nullable String triggeredBy,
        @Nullable Version requestedVersion,
        @Nullable String gitBranch,
        @Nullable String gitCommit,
        @Nullable Long webhookEventId,
        boolean force) {
    public NewDeployment {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(trigger, "trigger");
    }
}
