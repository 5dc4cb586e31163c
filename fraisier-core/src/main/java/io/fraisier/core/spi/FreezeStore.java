package io.fraisier.core.spi;

import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.Target;
import java.util.List;
import java.util.Optional;

/**
 * Manual freezes ({@code tb_freeze}): at most one per target; setting one replaces the previous. Declared
 * windows of {@code fraises.yaml} are not stored. Thread-safe.
 */
public interface FreezeStore {
    /** Stores {@code freeze} (manual: its window is null), replacing the target's earlier one. */
    void put(Freeze freeze);

    /** Removes the target's freeze; the removed one, or empty when there was none. */
    Optional<Freeze> remove(Target target);

    /** The target's stored freeze, ended or not. */
    Optional<Freeze> find(Target target);

    /** Every stored freeze, by fraise then environment. */
    List<Freeze> list();
}
