package io.fraisier.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a deployment's log ({@code tb_deployment_event}): what happened, when. Messages never
 * contain secrets.
 *
 * @param deploymentId the deployment
 * @param at when
 * @param step a short stable step name ({@code lock}, {@code resolve}, {@code fetch}, {@code health}, …)
 * @param level {@code info}, {@code warn} or {@code error}
 * @param message what happened, for humans
 */
public record DeploymentEvent(long deploymentId, Instant at, String step, Level level, String message) {
    public DeploymentEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    /** Severity of an event. */
    public enum Level {
        INFO,
        WARN,
        ERROR
    }
}
