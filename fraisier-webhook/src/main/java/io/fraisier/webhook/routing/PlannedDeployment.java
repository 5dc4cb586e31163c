package io.fraisier.webhook.routing;

import io.fraisier.core.model.Target;
import io.fraisier.webhook.host.RefUpdate;
import java.util.Objects;

/**
 * A deployment a push asks for, before it is written.
 *
 * @param target what to deploy
 * @param provider the target's provider type
 * @param update the branch or tag and commit that caused it
 */
public record PlannedDeployment(Target target, String provider, RefUpdate update) {
    public PlannedDeployment {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(update, "update");
        if (update.deleted()) {
            throw new IllegalArgumentException("a deleted ref deploys nothing");
        }
    }
}
