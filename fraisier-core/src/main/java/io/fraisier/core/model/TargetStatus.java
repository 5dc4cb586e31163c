package io.fraisier.core.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@code fraisier status <fraise> <environment>} shows about one target.
 *
 * <p>Immutable and thread-safe.
 *
 * @param target fraise and environment
 * @param provider provider type
 * @param runningVersion what the provider reports running now (null when nothing, or when it could not
 *     be asked: see {@code providerError})
 * @param providerError why the provider could not be asked (null when it answered)
 * @param state what Fraisier recorded last (null before the first deployment)
 * @param health one probe now (null when no health check is configured or the provider failed)
 * @param lock the target's lock, if any (may be expired)
 * @param recent the latest deployments, newest first
 * @param latestEvents the steps of the newest deployment, oldest first
 * @param recentLogs the service's last log lines, oldest first (empty when the provider has no log
 *     source, or when reading it failed: see {@code logsNote})
 * @param logsNote one line saying why the logs could not be read (null when they were, or when none were
 *     asked for)
 * @param hosts each host of a fleet ({@code hosts:}), in order; empty for an environment of one host
 */
public record TargetStatus(
        Target target,
        String provider,
        @Nullable Version runningVersion,
        @Nullable String providerError,
        @Nullable FraiseState state,
        @Nullable ProbeResult health,
        @Nullable LockLease lock,
        List<Deployment> recent,
        List<DeploymentEvent> latestEvents,
        List<String> recentLogs,
        @Nullable String logsNote,
        List<HostStatus> hosts) {
    public TargetStatus {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(provider, "provider");
        recent = List.copyOf(recent);
        latestEvents = List.copyOf(latestEvents);
        recentLogs = List.copyOf(recentLogs);
        hosts = List.copyOf(hosts);
    }

    /** A status of an environment of one host. */
    public TargetStatus(
            Target target,
            String provider,
            @Nullable Version runningVersion,
            @Nullable String providerError,
            @Nullable FraiseState state,
            @Nullable ProbeResult health,
            @Nullable LockLease lock,
            List<Deployment> recent,
            List<DeploymentEvent> latestEvents,
            List<String> recentLogs,
            @Nullable String logsNote) {
        this(
                target,
                provider,
                runningVersion,
                providerError,
                state,
                health,
                lock,
                recent,
                latestEvents,
                recentLogs,
                logsNote,
                List.of());
    }

    /** A status without logs (the shape before {@code recentLogs} existed). */
    public TargetStatus(
            Target target,
            String provider,
            @Nullable Version runningVersion,
            @Nullable String providerError,
            @Nullable FraiseState state,
            @Nullable ProbeResult health,
            @Nullable LockLease lock,
            List<Deployment> recent,
            List<DeploymentEvent> latestEvents) {
        this(
                target,
                provider,
                runningVersion,
                providerError,
                state,
                health,
                lock,
                recent,
                latestEvents,
                List.of(),
                null,
                List.of());
    }
}
