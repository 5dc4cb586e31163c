package io.fraisier.core.model;

/**
 * What {@code fraisier prune} removed (or, for a dry run, would remove).
 *
 * @param deployments finished deployment rows
 * @param events their step events
 * @param webhookEvents webhook events (and their links to deployments)
 */
public record PruneResult(long deployments, long events, long webhookEvents) {
    public static final PruneResult NONE = new PruneResult(0, 0, 0);

    public PruneResult plus(PruneResult o) {
        return new PruneResult(deployments + o.deployments, events + o.events, webhookEvents + o.webhookEvents);
    }
}
