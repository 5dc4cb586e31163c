package io.fraisier.webhook.routing;

import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.Target;
import io.fraisier.webhook.host.HostEvent;
import io.fraisier.webhook.host.RefUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a push into deployments through {@code branch_mapping}.
 *
 * <p>A branch push deploys every target its branch maps to ({@link FraisierConfig#targetsForBranch}).
 * A tag push deploys the targets of the {@code branch_mapping} key spelled exactly like the tag: this
 * supports moving release tags ({@code production:}, {@code stable:}) without a second mapping
 * section, and a tag whose name is not a key (the usual {@code v1.2.3}) is ignored with a reason.
 * A deleted branch or tag deploys nothing.
 *
 * <p>Immutable and thread-safe.
 */
public final class PushRouter {
    private final FraisierConfig config;

    public PushRouter(FraisierConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * @throws io.fraisier.core.api.FraisierException {@code UNKNOWN_TARGET} when branch_mapping names a
     *     target that the configuration does not define
     */
    public RoutingDecision route(HostEvent.Push push) {
        List<PlannedDeployment> deployments = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (RefUpdate update : push.updates()) {
            String what = update.kind().id() + " '" + update.name() + "'";
            if (update.deleted()) {
                ignored.add(what + " was deleted");
                continue;
            }
            List<Target> targets = config.targetsForBranch(update.name());
            if (targets.isEmpty()) {
                ignored.add(what + " is not in branch_mapping");
                continue;
            }
            for (Target target : targets) {
                String provider = config.environment(target).provider();
                deployments.add(new PlannedDeployment(target, provider, update));
            }
        }
        return new RoutingDecision(deployments, ignored);
    }
}
