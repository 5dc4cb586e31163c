package io.fraisier.core.spi;

import io.fraisier.core.model.DeploymentEvent;
import java.util.List;

/** The step log of deployments ({@code tb_deployment_event}). Thread-safe. */
public interface DeploymentEventStore {
    void append(DeploymentEvent event);

    /** Events of one deployment, oldest first. */
    List<DeploymentEvent> list(long deploymentId);
}
