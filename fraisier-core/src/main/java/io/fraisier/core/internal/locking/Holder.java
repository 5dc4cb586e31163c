package io.fraisier.core.internal.locking;

import io.fraisier.core.spi.ProcessLiveness;
import java.util.OptionalLong;

/**
 * A lock holder id, {@code host:pid}. Parsed leniently: ids written by other tools may lack the pid.
 *
 * @param host the host part (the whole id when there is no {@code :pid})
 * @param pid the process id, when the id ends with {@code :<digits>}
 */
public record Holder(String host, OptionalLong pid) {
    public static Holder parse(String id) {
        int colon = id.lastIndexOf(':');
        if (colon > 0 && colon < id.length() - 1) {
            String tail = id.substring(colon + 1);
            if (tail.chars().allMatch(Character::isDigit) && tail.length() < 19) {
                return new Holder(id.substring(0, colon), OptionalLong.of(Long.parseLong(tail)));
            }
        }
        return new Holder(id, OptionalLong.empty());
    }

    /** The process of a queue worker id, {@code host:pid/worker-N} (an id without {@code /} is the process). */
    public static Holder ofWorker(String worker) {
        int slash = worker.indexOf('/');
        return parse(slash >= 0 ? worker.substring(0, slash) : worker);
    }

    /**
     * Whether this holder is a process of the host {@code thisHolder} ({@code host:pid} of the caller)
     * runs on, and that process is no longer running: its lock is dead whatever its lease says. A holder of
     * another host, or without a pid, is never known to be gone.
     */
    public boolean isGoneFrom(String thisHolder, ProcessLiveness liveness) {
        return pid.isPresent() && host.equals(parse(thisHolder).host()) && !liveness.isAlive(pid.getAsLong());
    }

    /** {@code host app1 (pid 4242)} for messages. */
    public String describe() {
        return "host " + host + (pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : "");
    }
}
