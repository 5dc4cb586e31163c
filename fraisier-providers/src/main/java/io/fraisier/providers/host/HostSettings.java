package io.fraisier.providers.host;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.providers.git.CheckoutKeys;
import io.fraisier.providers.git.GitNames;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where and how a git checkout is put on a host, checked: the keys providers {@code local} and
 * {@code bare_metal} share. Every path is on the host the commands run on.
 *
 * @param keyPath where they live in fraises.yaml, for messages
 * @param appPath the checkout (in_place) or the folder holding {@code releases/} and {@code current};
 *     absolute and normalized
 * @param gitRepo where the host gets the code from
 * @param branch the branch followed (default {@code main})
 * @param strategy how a version is put in place
 * @param keepReleases how many releases to keep (releases strategy)
 * @param installCommand run in the new checkout before the restart
 * @param restartCommand run in the deployed folder to restart the service
 * @param systemdService restarted with systemctl when no restart command is set, and asked
 *     {@code systemctl is-active} when probing
 * @param useSudo whether systemctl runs through {@code sudo -n}
 * @param logCommand prints the service's recent log for {@code fraisier status} (instead of journalctl)
 * @param commandTimeout the limit of each command (the environment's deployment timeout)
 */
public record HostSettings(
        String keyPath,
        String appPath,
        @Nullable String gitRepo,
        String branch,
        Strategy strategy,
        int keepReleases,
        Optional<String> installCommand,
        Optional<String> restartCommand,
        Optional<String> systemdService,
        boolean useSudo,
        Optional<String> logCommand,
        Duration commandTimeout) {
    public static final String DEFAULT_BRANCH = "main";
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9@._:][A-Za-z0-9@._:-]{0,254}");

    /** How a version is put in place. */
    public enum Strategy {
        /** fetch + checkout in {@code app_path} */
        IN_PLACE,
        /** one folder per version under {@code app_path/releases}, {@code current} switched atomically */
        RELEASES;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads and checks the keys {@code local} and {@code bare_metal} share, for a checkout at
     * {@code appPath} (which each provider checks itself: a path on this host or on the remote one), so that
     * both accept and refuse exactly the same values with the same messages.
     *
     * @param type the provider type, for messages
     * @throws FraisierException {@code CONFIG_INVALID} naming the key path and what to write instead
     */
    public static HostSettings from(EnvironmentConfig environment, String type, String appPath) {
        ProviderSettings s = environment.settings();
        String keyPath = s.keyPath();
        String gitRepo = s.string("git_repo")
                .map(repo -> GitNames.requireRepository(keyPath, repo))
                .orElse(null);
        String branch =
                GitNames.requireBranch(keyPath, environment.branch() == null ? DEFAULT_BRANCH : environment.branch());
        Strategy strategy = strategy(keyPath, CheckoutKeys.STRATEGY.text(s), type);
        int keep = (int) CheckoutKeys.KEEP_RELEASES.whole(s);
        if (keep < 1) {
            throw invalid(keyPath, "keep_releases", "must be 1 or more, got " + keep, "Set keep_releases: 5.");
        }
        Optional<String> restart = nonBlank(s, "restart_command");
        Optional<String> service = nonBlank(s, "systemd_service");
        if (restart.isPresent() && service.isPresent()) {
            throw invalid(
                    keyPath,
                    "restart_command",
                    "is set together with systemd_service; Fraisier would not know which to use",
                    "Keep one of restart_command and systemd_service.");
        }
        if (service.isPresent() && !SERVICE.matcher(service.get()).matches()) {
            throw invalid(
                    keyPath,
                    "systemd_service",
                    "'" + service.get() + "' is not a systemd unit name",
                    "Write the unit name, e.g. my-api.service.");
        }
        return new HostSettings(
                keyPath,
                appPath,
                gitRepo,
                branch,
                strategy,
                keep,
                nonBlank(s, "install_command"),
                restart,
                service,
                CheckoutKeys.USE_SUDO.flag(s),
                nonBlank(s, "log_command"),
                environment.timeout());
    }

    /**
     * Where the code comes from.
     *
     * @throws io.fraisier.core.error.FraisierException {@code CONFIG_INVALID} when {@code git_repo} is not set
     *     (only a provider-test file may leave it out)
     */
    @Override
    public String gitRepo() {
        if (gitRepo == null) {
            throw missingGitRepo(keyPath);
        }
        return gitRepo;
    }

    /** Whether {@code git_repo} is set (a provider-test file may leave it out). */
    public boolean hasGitRepo() {
        return gitRepo != null;
    }

    /** The folder the service runs from: the checkout, or {@code current} of the releases layout. */
    public String deployedDir() {
        return strategy == Strategy.IN_PLACE ? appPath : appPath + "/" + HostReleases.CURRENT;
    }

    /** The error of a deployment (or anything that needs the code) when {@code git_repo} is not set. */
    public static FraisierException missingGitRepo(String keyPath) {
        return new FraisierException(
                ErrorCode.CONFIG_INVALID,
                keyPath + ": missing required key 'git_repo'",
                "Add 'git_repo:' to " + keyPath + " in fraises.yaml.");
    }

    /** A {@code CONFIG_INVALID} error about {@code keyPath.key}. */
    public static FraisierException invalid(String keyPath, String key, String problem, String hint) {
        return new FraisierException(ErrorCode.CONFIG_INVALID, keyPath + "." + key + ": " + problem, hint);
    }

    private static Strategy strategy(String keyPath, String value, String providerType) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "in_place" -> Strategy.IN_PLACE;
            case "releases" -> Strategy.RELEASES;
            default ->
                throw invalid(
                        keyPath,
                        "strategy",
                        "'" + value + "' is not a strategy of provider " + providerType,
                        "Use strategy: in_place (fetch + checkout) or strategy: releases (release dirs + symlink).");
        };
    }

    private static Optional<String> nonBlank(ProviderSettings s, String key) {
        return s.string(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}
