package io.fraisier.testkit.fake;

import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.FreezeStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@link FreezeStore} of the {@link InMemoryStore}: one freeze per target, under the store's monitor. */
final class InMemoryFreezeStore implements FreezeStore {
    private final InMemoryStore db;

    InMemoryFreezeStore(InMemoryStore db) {
        this.db = db;
    }

    @Override
    public void put(Freeze freeze) {
        synchronized (db.mutex) {
            db.checkUp();
            db.freezes.put(freeze.target(), freeze);
        }
    }

    @Override
    public Optional<Freeze> remove(Target target) {
        synchronized (db.mutex) {
            db.checkUp();
            return Optional.ofNullable(db.freezes.remove(target));
        }
    }

    @Override
    public Optional<Freeze> find(Target target) {
        synchronized (db.mutex) {
            db.checkUp();
            return Optional.ofNullable(db.freezes.get(target));
        }
    }

    @Override
    public List<Freeze> list() {
        synchronized (db.mutex) {
            db.checkUp();
            return db.freezes.values().stream()
                    .sorted(Comparator.comparing((Freeze f) -> f.target().fraise())
                            .thenComparing(f -> f.target().environment()))
                    .toList();
        }
    }
}
