package io.fraisier.core.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One host of a fleet as {@code fraisier status} shows it: what it runs now and one health probe.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the host as {@code hosts:} names it
 * @param runningVersion what its provider reports running (null when nothing, or when it could not be asked)
 * @param health one probe now (null when no check is configured or the host could not be asked)
 * @param error why the host could not be asked (null when it answered)
 */
public record HostStatus(
        String name,
        @Nullable Version runningVersion,
        @Nullable ProbeResult health,
        @Nullable String error) {
    public HostStatus {
        Objects.requireNonNull(name, "name");
    }
}
