package io.fraisier.providers.local;

import io.fraisier.core.api.ErrorCode;
import io.fraisier.core.api.FraisierException;
import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.providers.git.GitNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code local} provider's keys of one environment, checked.
 *
 * @param keyPath where they live in fraises.yaml, for messages
 * @param appPath the checkout (in_place) or the folder holding {@code releases/} and {@code current}
 * @param gitRepo where the code comes from
 * @param branch the branch followed (default {@code main})
 * @param strategy how a version is put in place
 * @param keepReleases how many releases to keep (releases strategy)
 * @param installCommand run in the new checkout before the restart
 * @param restartCommand run in the deployed folder to restart the service
 * @param systemdService restarted with systemctl when no restart command is set
 * @param useSudo whether systemctl runs through {@code sudo -n}
 * @param logCommand prints the service's recent log for {@code fraisier status} (instead of journalctl)
 * @param commandTimeout the limit of each command (the environment's deployment timeout)
 */
record LocalSettings(
        String keyPath,
        Path appPath,
        String gitRepo,
        String branch,
        Strategy strategy,
        int keepReleases,
        Optional<String> installCommand,
        Optional<String> restartCommand,
        Optional<String> systemdService,
        boolean useSudo,
        Optional<String> logCommand,
        Duration commandTimeout) {
    static final String DEFAULT_BRANCH = "main";
    static final int DEFAULT_KEEP_RELEASES = 5;
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9@._:][A-Za-z0-9@._:-]{0,254}");

    enum Strategy {
        IN_PLACE,
        RELEASES;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static LocalSettings from(EnvironmentConfig environment) {
        ProviderSettings s = environment.settings();
        String keyPath = s.keyPath();
        Path appPath = absolutePath(keyPath, s.requireString("app_path"));
        String gitRepo = GitNames.requireRepository(keyPath, s.requireString("git_repo"));
        String branch =
                GitNames.requireBranch(keyPath, environment.branch() == null ? DEFAULT_BRANCH : environment.branch());
        Strategy strategy = strategy(keyPath, s.string("strategy").orElse("in_place"));
        int keep = s.intValue("keep_releases", DEFAULT_KEEP_RELEASES);
        if (keep < 1) {
            throw invalid(keyPath, "keep_releases", "must be 1 or more, got " + keep, "Set keep_releases: 5.");
        }
        Optional<String> install = nonBlank(s, "install_command");
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
        return new LocalSettings(
                keyPath,
                appPath,
                gitRepo,
                branch,
                strategy,
                keep,
                install,
                restart,
                service,
                s.flag("use_sudo", false),
                nonBlank(s, "log_command"),
                environment.timeout());
    }

    /** The folder the service runs from: the checkout, or {@code current} of the releases layout. */
    Path deployedDir() {
        return strategy == Strategy.IN_PLACE ? appPath : appPath.resolve(ReleaseLayout.CURRENT);
    }

    private static Strategy strategy(String keyPath, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "in_place" -> Strategy.IN_PLACE;
            case "releases" -> Strategy.RELEASES;
            default ->
                throw invalid(
                        keyPath,
                        "strategy",
                        "'" + value + "' is not a strategy of provider local",
                        "Use strategy: in_place (fetch + checkout) or strategy: releases (release dirs + symlink).");
        };
    }

    private static Path absolutePath(String keyPath, String value) {
        String expanded = value.equals("~") || value.startsWith("~/")
                ? System.getProperty("user.home") + value.substring(1)
                : value;
        Path path = Path.of(expanded);
        if (!path.isAbsolute()) {
            throw invalid(
                    keyPath,
                    "app_path",
                    "'" + value + "' is not an absolute path",
                    "Write the full path, e.g. /opt/services/my-api.");
        }
        return path.normalize();
    }

    private static Optional<String> nonBlank(ProviderSettings s, String key) {
        return s.string(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static FraisierException invalid(String keyPath, String key, String problem, String hint) {
        return new FraisierException(ErrorCode.CONFIG_INVALID, keyPath + "." + key + ": " + problem, hint);
    }
}
