package io.fraisier.core.config;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Target;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A parsed and validated {@code fraises.yaml} (see {@code shared/spec/CONFIG.md}). Built only by
 * {@link io.fraisier.core.configfile.ConfigParser}; every default is already applied and every {@code ${VAR}} expanded.
 *
 * <p>Immutable and thread-safe.
 *
 * @param source the file it was read from (null when parsed from a string)
 * @param database the {@code database:} block, or null for the embedded SQLite default
 * @param git webhook secrets per git host
 * @param webhook the daemon's settings
 * @param metrics the exporter's settings
 * @param branchMapping branch → targets it deploys, in file order
 * @param fraises fraise name → fraise, in file order
 * @param freezeWindows the declared {@code freeze_windows}, in file order
 * @param notifications the {@code notifications:} block (none when absent)
 */
public record FraisierConfig(
        @Nullable Path source,
        @Nullable DatabaseConfig database,
        GitConfig git,
        WebhookConfig webhook,
        MetricsConfig metrics,
        Map<String, List<Target>> branchMapping,
        Map<String, FraiseConfig> fraises,
        List<FreezeWindow> freezeWindows,
        NotificationsConfig notifications) {

    public FraisierConfig {
        freezeWindows = List.copyOf(freezeWindows);
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(git, "git");
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(metrics, "metrics");
        branchMapping = Collections.unmodifiableMap(new LinkedHashMap<>(branchMapping));
        fraises = Collections.unmodifiableMap(new LinkedHashMap<>(fraises));
    }

    /** A config without notifications. */
    public FraisierConfig(
            @Nullable Path source,
            @Nullable DatabaseConfig database,
            GitConfig git,
            WebhookConfig webhook,
            MetricsConfig metrics,
            Map<String, List<Target>> branchMapping,
            Map<String, FraiseConfig> fraises,
            List<FreezeWindow> freezeWindows) {
        this(
                source,
                database,
                git,
                webhook,
                metrics,
                branchMapping,
                fraises,
                freezeWindows,
                NotificationsConfig.none());
    }

    /** A config without freeze windows. */
    public FraisierConfig(
            @Nullable Path source,
            @Nullable DatabaseConfig database,
            GitConfig git,
            WebhookConfig webhook,
            MetricsConfig metrics,
            Map<String, List<Target>> branchMapping,
            Map<String, FraiseConfig> fraises) {
        this(source, database, git, webhook, metrics, branchMapping, fraises, List.of());
    }

    /** The declared windows that hold for {@code target} at {@code now}. */
    public List<io.fraisier.core.model.Freeze> activeWindows(Target target, java.time.Instant now) {
        return freezeWindows.stream()
                .flatMap(w -> w.activeFor(target, now).stream())
                .toList();
    }

    public Optional<DatabaseConfig> databaseBlock() {
        return Optional.ofNullable(database);
    }

    /**
     * The environment of a target.
     *
     * @throws FraisierException {@link ErrorCode#UNKNOWN_TARGET} naming what exists when it is not configured
     */
    public EnvironmentConfig environment(String fraise, String environment) {
        FraiseConfig f = fraises.get(fraise);
        if (f == null) {
            throw new FraisierException(
                    ErrorCode.UNKNOWN_TARGET,
                    "Unknown fraise '" + fraise + "'" + (source == null ? "" : " in " + source)
                            + DidYouMean.suffix(fraise, fraises.keySet()),
                    fraises.isEmpty()
                            ? "No fraise is configured."
                            : "Configured fraises: " + String.join(", ", fraises.keySet()) + " (see `fraisier list`).");
        }
        EnvironmentConfig e = f.environments().get(environment);
        if (e == null) {
            throw new FraisierException(
                    ErrorCode.UNKNOWN_TARGET,
                    "Unknown environment '" + environment + "' for fraise '" + fraise + "'"
                            + DidYouMean.suffix(environment, f.environments().keySet()),
                    "Environments of " + fraise + ": "
                            + String.join(", ", f.environments().keySet()) + ".");
        }
        return e;
    }

    public EnvironmentConfig environment(Target target) {
        return environment(target.fraise(), target.environment());
    }

    /** Every configured environment, fraise by fraise in file order. */
    public List<EnvironmentConfig> environments() {
        return fraises.values().stream()
                .flatMap(f -> f.environments().values().stream())
                .toList();
    }

    /** The targets a push to {@code branch} deploys (empty when the branch is not mapped). */
    public List<Target> targetsForBranch(String branch) {
        return branchMapping.getOrDefault(branch, List.of());
    }
}
