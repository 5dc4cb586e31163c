package io.fraisier.testkit.fake;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.spi.DeploymentListener;
import java.util.ArrayList;
import java.util.List;

/** A {@link io.fraisier.core.spi.DeploymentListener} that remembers everything it saw. Thread-safe. */
public final class RecordingListener implements DeploymentListener {
    private final List<DeploymentEvent> events = new ArrayList<>();
    private final List<DeploymentStatus> statuses = new ArrayList<>();
    private final List<ProbeResult> healthAttempts = new ArrayList<>();
    private final List<Long> lockWaits = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();

    @Override
    public synchronized void onEvent(Deployment deployment, DeploymentEvent event) {
        events.add(event);
    }

    @Override
    public synchronized void onStatus(Deployment deployment) {
        statuses.add(deployment.status());
    }

    @Override
    public synchronized void onHealthAttempt(Deployment deployment, ProbeResult result) {
        healthAttempts.add(result);
    }

    @Override
    public synchronized void onLockAcquired(Deployment deployment, long waitedMillis) {
        lockWaits.add(waitedMillis);
    }

    public synchronized List<DeploymentEvent> events() {
        return List.copyOf(events);
    }

    /** Statuses in the order they were reached (all deployments). */
    public synchronized List<DeploymentStatus> statuses() {
        return List.copyOf(statuses);
    }

    public synchronized List<ProbeResult> healthAttempts() {
        return List.copyOf(healthAttempts);
    }

    @Override
    public synchronized void onOutput(Deployment deployment, String step, String line) {
        outputs.add(step + ": " + line);
    }

    /** The output lines seen, as {@code step: line}, in order. */
    public synchronized List<String> outputs() {
        return List.copyOf(outputs);
    }

    public synchronized List<Long> lockWaits() {
        return List.copyOf(lockWaits);
    }

    /** Step names of the events seen, in order. */
    public synchronized List<String> steps() {
        return events.stream().map(DeploymentEvent::step).toList();
    }
}
