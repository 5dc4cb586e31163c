package io.fraisier.persistence;

import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.FreezeStore;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;

/** {@link FreezeStore} on {@code tb_freeze} (V4): one row per frozen target, upserted. Thread-safe. */
final class JooqFreezeStore implements FreezeStore {
    private final Database db;
    private final Tables.Freeze f;

    JooqFreezeStore(Database db) {
        this.db = db;
        this.f = db.t().freeze;
    }

    @Override
    public void put(Freeze freeze) {
        Target t = freeze.target();
        db.write(ctx -> ctx.insertInto(f.t)
                .set(f.fraise, t.fraise())
                .set(f.environment, t.environment())
                .set(f.setBy, freeze.setBy())
                .set(f.reason, freeze.reason())
                .set(f.fromAt, freeze.from())
                .set(f.untilAt, freeze.until())
                .onConflict(f.fraise, f.environment)
                .doUpdate()
                .set(f.setBy, freeze.setBy())
                .set(f.reason, freeze.reason())
                .set(f.fromAt, freeze.from())
                .set(f.untilAt, freeze.until())
                .execute());
    }

    @Override
    public Optional<Freeze> remove(Target target) {
        return db.tx(ctx -> {
            Optional<Freeze> current = ctx.connectionResult(c -> db.reads.freeze(c, target));
            current.ifPresent(x -> ctx.deleteFrom(f.t).where(of(target)).execute());
            return current;
        });
    }

    @Override
    public Optional<Freeze> find(Target target) {
        return db.query(c -> db.reads.freeze(c, target));
    }

    @Override
    public List<Freeze> list() {
        return db.query(db.reads::freezes);
    }

    private Condition of(Target target) {
        return f.fraise.eq(target.fraise()).and(f.environment.eq(target.environment()));
    }
}
