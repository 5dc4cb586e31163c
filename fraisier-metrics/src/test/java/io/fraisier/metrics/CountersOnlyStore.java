package io.fraisier.metrics;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.spi.DeploymentEventStore;
import io.fraisier.core.spi.DeploymentQueue;
import io.fraisier.core.spi.DeploymentStore;
import io.fraisier.core.spi.FraiseStateStore;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.spi.LockStore;
import io.fraisier.core.spi.MetricCounterStore;
import io.fraisier.core.spi.WebhookEventStore;
import java.time.Instant;
import java.util.List;

/**
 * A store that only has counters: touching anything else fails the test, which proves a scrape never reads
 * deployment history (it must stay fast with a million rows).
 */
final class CountersOnlyStore implements FraisierStore {
    private final MetricCounterStore counters;

    CountersOnlyStore(MetricCounterStore counters) {
        this.counters = counters;
    }

    @Override
    public String description() {
        return "fake counters";
    }

    @Override
    public MetricCounterStore counters() {
        return counters;
    }

    @Override
    public DeploymentStore deployments() {
        throw forbidden("deployments");
    }

    @Override
    public DeploymentEventStore events() {
        throw forbidden("events");
    }

    @Override
    public FraiseStateStore states() {
        throw forbidden("states");
    }

    @Override
    public LockStore locks() {
        throw forbidden("locks");
    }

    @Override
    public DeploymentQueue queue() {
        throw forbidden("queue");
    }

    @Override
    public WebhookEventStore webhooks() {
        throw forbidden("webhooks");
    }

    @Override
    public List<Deployment> recoverInterrupted(Instant now, String errorMessage) {
        throw forbidden("recoverInterrupted");
    }

    @Override
    public void ping() {}

    @Override
    public void close() {}

    private static AssertionError forbidden(String what) {
        return new AssertionError("the metrics exporter must only read counters, but it used " + what + "()");
    }
}
