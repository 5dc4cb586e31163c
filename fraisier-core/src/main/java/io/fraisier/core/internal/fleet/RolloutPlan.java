package io.fraisier.core.internal.fleet;

import io.fraisier.core.config.Rollout;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches a fleet is rolled out in: the canary batch first (when {@code canary} is above 0), then
 * batches of {@code batch_size} (a percent counts against the hosts being deployed, rounded up), in the
 * order the hosts are listed. Pure: no I/O, no clock.
 *
 * <p>Immutable and thread-safe.
 *
 * @param batches each batch's hosts, in order; every host appears once
 * @param <T> what a host is
 */
public record RolloutPlan<T>(List<List<T>> batches) {
    public RolloutPlan {
        batches = batches.stream().map(List::copyOf).toList();
    }

    /** The plan for {@code hosts} (in the order given) under {@code rollout}. */
    public static <T> RolloutPlan<T> of(List<T> hosts, Rollout rollout) {
        List<List<T>> out = new ArrayList<>();
        int next = 0;
        int canary = Math.min(rollout.canary(), hosts.size());
        if (canary > 0) {
            out.add(hosts.subList(0, canary));
            next = canary;
        }
        int size = rollout.batchSize().of(hosts.size());
        while (next < hosts.size()) {
            int end = Math.min(hosts.size(), next + size);
            out.add(hosts.subList(next, end));
            next = end;
        }
        return new RolloutPlan<>(out);
    }

    /** The plan's batches as text, {@code [web1] [web2, web3]}, for {@code --dry-run} and events. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (List<T> batch : batches) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(batch);
        }
        return b.toString();
    }

    /** How many hosts the plan deploys to. */
    public int hostCount() {
        return batches.stream().mapToInt(List::size).sum();
    }
}
