package io.fraisier.core.internal.locking;

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

    /** {@code host app1 (pid 4242)} for messages. */
    public String describe() {
        return "host " + host + (pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : "");
    }
}
