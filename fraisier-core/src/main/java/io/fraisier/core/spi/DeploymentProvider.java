package io.fraisier.core.spi;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Changes one target (fraise/environment) through one mechanism: commands on this host, SSH, Docker,
 * Compose, Coolify. The engine opens one per deployment and closes it at the end, so an implementation
 * may keep one connection for every call. Implementations translate their library's exceptions into
 * {@link io.fraisier.core.error.FraisierException} naming host, endpoint or config key; no library type
 * crosses this interface.
 */
public interface DeploymentProvider extends AutoCloseable {
    /** The provider type ({@code local}, {@code bare_metal}, …). */
    String type();

    /** What runs on the target now; empty when nothing was ever deployed. */
    Optional<Version> currentVersion();

    /**
     * The version a deployment would install: {@code requested} checked to exist, or the provider's
     * default (the configured branch's head, the configured tag).
     */
    Version resolveTarget(@Nullable Version requested);

    /**
     * The commit at the head of {@code branch} of the repository this provider deploys from, asked now
     * (not a cached answer), so that the engine can refuse a replayed webhook push whose commit is no
     * longer the head. The default cannot tell and returns empty: providers that deploy images or ask an
     * API keep it.
     *
     * @param branch a branch name as a push names it ({@code main}, not {@code refs/heads/main})
     * @throws io.fraisier.core.error.FraisierException {@link io.fraisier.core.error.ErrorCode#NOT_FOUND} when
     *     the repository has no such branch (any more), or the provider's error when the repository cannot
     *     be read
     */
    default Optional<Version> branchHead(String branch) {
        return Optional.empty();
    }

    /**
     * Whether {@code ancestor} is an ancestor of {@code descendant} in the history of the repository this
     * provider deploys from (a commit is its own ancestor); empty when the provider cannot tell (the
     * default, and for commits it does not hold). Used to refuse webhook pushes that would move a target
     * back to an older commit. Must not change the target.
     */
    default Optional<Boolean> isAncestor(Version ancestor, Version descendant) {
        return Optional.empty();
    }

    /** The steps {@link #deploy} would run from {@code current} to {@code target}, for {@code --dry-run}. */
    List<String> plan(@Nullable Version current, Version target);

    /**
     * Moves the target to {@code version} (also used for rollbacks), reporting each step. Returns when
     * the provider's own steps are done; health is the engine's business.
     *
     * @throws io.fraisier.core.error.FraisierException when a step fails
     */
    void deploy(Version version, StepReporter steps);

    /**
     * One health attempt of {@code check} with at most {@code timeout}; never throws for an unhealthy
     * service (that is a verdict).
     */
    ProbeResult probe(HealthCheck check, Duration timeout);

    /**
     * The last {@code lines} lines the service logged, oldest first, for {@code fraisier status}: the
     * systemd journal, a configured {@code log_command}, the container's output. Read-only and cheap
     * enough to call on every status. The default has no log source and returns an empty list.
     *
     * @param lines how many lines at most (callers pass 1 or more)
     * @throws io.fraisier.core.error.FraisierException when the log source is configured but cannot be read
     *     (host unreachable, command failed); the engine reports it as a one-line note
     */
    default List<String> recentLogs(int lines) {
        return List.of();
    }

    /** Connectivity checks for {@code fraisier provider-test}: one line each. */
    List<CheckResult> selfTest();

    /** Releases connections. Never throws. */
    @Override
    void close();
}
