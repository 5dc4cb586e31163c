package io.fraisier.core.model;

/**
 * What one queue worker's turn ({@code Fraisier.runNextQueued(worker, stopping)}) did. The daemon logs
 * it; the deployment's own row and events say the rest.
 */
public sealed interface QueueTurn {
    /** Nothing was waiting (or every waiting target is busy). */
    record Idle() implements QueueTurn {}

    /** A row was claimed as the worker was stopping: not started, its claim given back to the queue. */
    record GivenBack(Deployment claimed) implements QueueTurn {}

    /** The claimed row ran to its end. */
    record Ran(Deployment claimed, DeploymentOutcome outcome) implements QueueTurn {}

    /**
     * The claimed row could not run: a {@link io.fraisier.core.error.FraisierException} (recorded on the
     * row as for {@code deploy}) or an unexpected failure.
     */
    record Failed(Deployment claimed, RuntimeException error) implements QueueTurn {}
}
