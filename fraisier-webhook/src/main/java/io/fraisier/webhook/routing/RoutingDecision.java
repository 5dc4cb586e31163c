package io.fraisier.webhook.routing;

import java.util.List;

/**
 * What a push deploys and what it leaves alone, with a reason per ref left alone.
 *
 * @param deployments deployments to write, in branch_mapping order per ref
 * @param ignored why each ref that deploys nothing was ignored
 */
public record RoutingDecision(List<PlannedDeployment> deployments, List<String> ignored) {
    public RoutingDecision {
        deployments = List.copyOf(deployments);
        ignored = List.copyOf(ignored);
    }

    public boolean deploysNothing() {
        return deployments.isEmpty();
    }

    /** The reasons, joined for the event's outcome and the answer. */
    public String ignoredReason() {
        return String.join("; ", ignored);
    }
}
