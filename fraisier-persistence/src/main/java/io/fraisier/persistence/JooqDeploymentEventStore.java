package io.fraisier.persistence;

import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.spi.DeploymentEventStore;
import java.util.List;
import java.util.Locale;

/** {@link DeploymentEventStore} on {@code tb_deployment_event}. Thread-safe. */
final class JooqDeploymentEventStore implements DeploymentEventStore {
    private final Database db;
    private final Tables.Event e;

    JooqDeploymentEventStore(Database db) {
        this.db = db;
        this.e = db.t().event;
    }

    @Override
    public void append(DeploymentEvent event) {
        db.write(ctx -> ctx.insertInto(e.t)
                .set(e.deploymentId, event.deploymentId())
                .set(e.at, event.at())
                .set(e.step, event.step())
                .set(e.level, event.level().name().toLowerCase(Locale.ROOT))
                .set(e.message, event.message())
                .execute());
    }

    @Override
    public List<DeploymentEvent> list(long deploymentId) {
        return db.read(ctx -> ctx.select(e.all())
                .from(e.t)
                .where(e.deploymentId.eq(deploymentId))
                .orderBy(e.id)
                .fetch(r -> new DeploymentEvent(
                        r.get(e.deploymentId),
                        r.get(e.at),
                        r.get(e.step),
                        DeploymentEvent.Level.valueOf(r.get(e.level).toUpperCase(Locale.ROOT)),
                        r.get(e.message))));
    }
}
