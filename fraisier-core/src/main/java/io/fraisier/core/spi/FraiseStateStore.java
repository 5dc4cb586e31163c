package io.fraisier.core.spi;

import io.fraisier.core.model.FraiseState;
import io.fraisier.core.model.Target;
import java.util.List;
import java.util.Optional;

/** Current state per target ({@code tb_fraise_state}); written by {@link DeploymentStore#transition}. */
public interface FraiseStateStore {
    Optional<FraiseState> find(Target target);

    /** Every known target, by fraise then environment. */
    List<FraiseState> list();
}
