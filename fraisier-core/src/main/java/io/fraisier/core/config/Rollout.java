package io.fraisier.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How an environment of several hosts ({@code hosts:}) is rolled out: the {@code rollout:} block. An
 * environment of one host ignores it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param canary hosts in the first batch (0: no canary batch)
 * @param batchSize hosts at once after the canary: a number, or a percent of the hosts being deployed
 * @param pause wait between batches, during which the hosts already deployed are watched
 * @param maxUnhealthy hosts allowed to fail before the rollout stops and rolls back
 */
public record Rollout(int canary, BatchSize batchSize, Duration pause, int maxUnhealthy) {
    /** The default: no canary, one host at a time, no pause, no failure allowed. */
    public static final Rollout DEFAULT = new Rollout(0, BatchSize.hosts(1), Duration.ZERO, 0);

    public Rollout {
        if (canary < 0 || maxUnhealthy < 0) {
            throw new IllegalArgumentException("canary and max_unhealthy cannot be negative");
        }
        Objects.requireNonNull(batchSize, "batchSize");
        Objects.requireNonNull(pause, "pause");
        if (pause.isNegative()) {
            throw new IllegalArgumentException("pause cannot be negative");
        }
    }

    /**
     * A batch size: {@code count} hosts, or {@code count} percent of the hosts (rounded up, at least one).
     *
     * @param count hosts, or a percent from 1 to 100
     * @param percent whether {@code count} is a percent
     */
    public record BatchSize(int count, boolean percent) {
        public BatchSize {
            if (count < 1 || (percent && count > 100)) {
                throw new IllegalArgumentException("batch size " + count + (percent ? "%" : "") + " is out of range");
            }
        }

        public static BatchSize hosts(int count) {
            return new BatchSize(count, false);
        }

        public static BatchSize percentOf(int percent) {
            return new BatchSize(percent, true);
        }

        /** How many hosts a batch holds when {@code total} hosts are rolled out (at least one). */
        public int of(int total) {
            if (!percent) {
                return count;
            }
            return Math.max(1, (int) Math.ceil(total * count / 100.0));
        }

        @Override
        public String toString() {
            return count + (percent ? "%" : "");
        }
    }
}
