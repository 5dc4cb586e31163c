package io.fraisier.metrics;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import java.time.Instant;

/** Deployments for listener tests. */
final class Deployments {
    private Deployments() {}

    static Deployment inProgress(String provider) {
        Instant at = Instant.parse("2026-11-29T03:00:00Z");
        return new Deployment(
                7,
                Target.of("my_api", "production"),
                provider,
                DeploymentStatus.IN_PROGRESS,
                Trigger.CLI,
                "alice",
                null,
                null,
                "main",
                null,
                null,
                null,
                false,
                1,
                at,
                at,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
