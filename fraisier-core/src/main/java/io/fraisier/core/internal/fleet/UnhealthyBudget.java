package io.fraisier.core.internal.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the hosts that failed during a rollout against {@code max_unhealthy}: a rollout goes on while
 * at most that many have failed, and stops at the next one. Pure.
 *
 * <p>Not thread-safe: the rollout records each batch's results from one thread.
 */
public final class UnhealthyBudget {
    private final int allowed;
    private final List<String> failed = new ArrayList<>();

    public UnhealthyBudget(int allowed) {
        if (allowed < 0) {
            throw new IllegalArgumentException("allowed < 0");
        }
        this.allowed = allowed;
    }

    /** Records a failed host; true when the failures now exceed what is allowed (the rollout stops). */
    public boolean fail(String host) {
        failed.add(host);
        return exceeded();
    }

    /** Whether more hosts failed than allowed. */
    public boolean exceeded() {
        return failed.size() > allowed;
    }

    /** The hosts that failed, in the order they were recorded. */
    public List<String> failed() {
        return List.copyOf(failed);
    }

    /** How many more hosts may fail before the rollout stops. */
    public int left() {
        return Math.max(0, allowed - failed.size());
    }
}
