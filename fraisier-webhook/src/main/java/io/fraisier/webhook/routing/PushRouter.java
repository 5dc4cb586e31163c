package io.fraisier.webhook.routing;

import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.Target;
import io.fraisier.webhook.host.HostEvent;
import io.fraisier.webhook.host.RefUpdate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a push into deployments through {@code branch_mapping}.
 *
 * <p>A branch push deploys every target its branch maps to ({@link FraisierConfig#targetsForBranch}).
 * A tag push deploys the targets of the {@code branch_mapping} key spelled exactly like the tag: this
 * supports moving release tags ({@code production:}, {@code stable:}) without a second mapping
 * section, and a tag whose name is not a key (the usual {@code v1.2.3}) is ignored with a reason.
 * A deleted branch or tag deploys nothing.
 *
 * <p>One push queues at most one deployment per target: the first ref update that maps to a target
 * deploys it, later ones for the same target are dropped (and counted in the reason). Only the first
 * {@link #MAX_REF_UPDATES} ref updates of a push are considered; the rest are ignored with a reason, so
 * that a push listing thousands of changes costs no more than a hundred.
 *
 * <p>Immutable and thread-safe.
 */
public final class PushRouter {
    /** How many ref updates of one push are looked at; git hosts send a handful, Bitbucket at most a few hundred. */
    public static final int MAX_REF_UPDATES = 100;

    private final FraisierConfig config;

    public PushRouter(FraisierConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * @throws io.fraisier.core.error.FraisierException {@code UNKNOWN_TARGET} when branch_mapping names a
     *     target that the configuration does not define
     */
    public RoutingDecision route(HostEvent.Push push) {
        List<PlannedDeployment> deployments = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Set<Target> planned = new HashSet<>();
        int repeated = 0;
        List<RefUpdate> updates = push.updates();
        for (RefUpdate update : updates.subList(0, Math.min(updates.size(), MAX_REF_UPDATES))) {
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
                if (!planned.add(target)) {
                    repeated++;
                    continue;
                }
                String provider = config.environment(target).provider();
                deployments.add(new PlannedDeployment(target, provider, update));
            }
        }
        if (repeated > 0) {
            ignored.add(repeated + " more ref update(s) for targets this push already deploys were dropped"
                    + " (one deployment per target)");
        }
        if (updates.size() > MAX_REF_UPDATES) {
            ignored.add((updates.size() - MAX_REF_UPDATES) + " ref update(s) after the first " + MAX_REF_UPDATES
                    + " were not considered");
        }
        return new RoutingDecision(deployments, ignored);
    }
}
