package io.fraisier.core.internal.locking;

import io.fraisier.core.model.LockLease;

/** The deployment's lease was lost (released by force or reclaimed): it must stop writing. */
public final class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeaseLostException(LockLease lease) {
        super("the lock lease of " + lease.target() + " (fencing token " + lease.fencingToken()
                + ") was lost: another process released or reclaimed it");
    }
}
