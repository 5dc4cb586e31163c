package io.fraisier.persistence;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.FraiseState;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.FraiseStateStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/** {@link FraiseStateStore} on {@code tb_fraise_state}; written only inside a deployment's transition. */
final class JooqFraiseStateStore implements FraiseStateStore {
    private final Database db;
    private final Tables.State s;

    JooqFraiseStateStore(Database db) {
        this.db = db;
        this.s = db.t().state;
    }

    @Override
    public Optional<FraiseState> find(Target target) {
        return db.query(c -> db.reads.state(c, target));
    }

    @Override
    public List<FraiseState> list() {
        return db.query(db.reads::states);
    }

    /** Records a finished deployment; {@code stateVersion} null keeps the current version. */
    void recordEnd(DSLContext ctx, Deployment ended, @Nullable Version stateVersion, Instant at) {
        String version = JooqDeploymentStore.text(stateVersion);
        var insert = ctx.insertInto(s.t)
                .set(s.fraise, ended.target().fraise())
                .set(s.environment, ended.target().environment())
                .set(s.provider, ended.provider())
                .set(s.currentVersion, version)
                .set(s.lastStatus, ended.status().dbValue())
                .set(s.lastDeploymentId, ended.id())
                .set(s.updatedAt, at)
                .onConflict(s.fraise, s.environment)
                .doUpdate()
                .set(s.provider, ended.provider())
                .set(s.lastStatus, ended.status().dbValue())
                .set(s.lastDeploymentId, ended.id())
                .set(s.updatedAt, at);
        (version == null ? insert : insert.set(s.currentVersion, version)).execute();
    }
}
