package io.fraisier.core.internal.fleet;

import io.fraisier.core.model.HostStatus;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A fleet's hosts summed up in the one-host fields of a status: the version when every host runs the same
 * one, what keeps it from being known otherwise, and the worst health. Pure.
 *
 * @param running the version every host runs (null when they differ, run nothing, or one could not be asked)
 * @param error the hosts that could not be asked, or the versions when hosts differ (null when all agree)
 * @param health the first unhealthy probe, else the first probe (null when none was made)
 */
public record FleetSummary(
        @Nullable Version running,
        @Nullable String error,
        @Nullable ProbeResult health) {
    public static FleetSummary of(List<HostStatus> hosts) {
        List<HostStatus> failed = hosts.stream().filter(h -> h.error() != null).toList();
        ProbeResult health = hosts.stream()
                .map(HostStatus::health)
                .filter(Objects::nonNull)
                .filter(p -> !p.healthy())
                .findFirst()
                .orElse(hosts.stream()
                        .map(HostStatus::health)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null));
        if (!failed.isEmpty()) {
            return new FleetSummary(
                    null,
                    failed.stream().map(h -> h.name() + ": " + h.error()).collect(Collectors.joining("; ")),
                    health);
        }
        long versions =
                hosts.stream().map(HostStatus::runningVersion).distinct().count();
        if (versions <= 1) {
            return new FleetSummary(hosts.isEmpty() ? null : hosts.getFirst().runningVersion(), null, health);
        }
        String each = hosts.stream()
                .map(h -> h.name() + " at " + (h.runningVersion() == null ? "nothing" : h.runningVersion()))
                .collect(Collectors.joining(", "));
        return new FleetSummary(null, "the hosts run different versions: " + each, health);
    }
}
