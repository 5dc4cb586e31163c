package io.fraisier.providers.local;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.providers.git.CheckoutSettings;
import io.fraisier.providers.git.CheckoutSettings.Strategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
    static LocalSettings from(EnvironmentConfig environment) {
        ProviderSettings s = environment.settings();
        String keyPath = s.keyPath();
        Path appPath = absolutePath(keyPath, s.requireString("app_path"));
        CheckoutSettings c = CheckoutSettings.from(environment, "local");
        return new LocalSettings(
                keyPath,
                appPath,
                c.gitRepo(),
                c.branch(),
                c.strategy(),
                c.keepReleases(),
                c.installCommand(),
                c.restartCommand(),
                c.systemdService(),
                c.useSudo(),
                c.logCommand(),
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
            throw CheckoutSettings.missingGitRepo(keyPath);
        }
        return gitRepo;
    }

    /** Whether {@code git_repo} is set (a provider-test file may leave it out). */
    boolean hasGitRepo() {
        return gitRepo != null;
    }

    /** The folder the service runs from: the checkout, or {@code current} of the releases layout. */
    Path deployedDir() {
        return strategy == Strategy.IN_PLACE ? appPath : appPath.resolve(ReleaseLayout.CURRENT);
    }

    private static Path absolutePath(String keyPath, String value) {
        String expanded = value.equals("~") || value.startsWith("~/")
                ? System.getProperty("user.home") + value.substring(1)
                : value;
        Path path = Path.of(expanded);
        if (!path.isAbsolute()) {
            throw CheckoutSettings.invalid(
                    keyPath,
                    "app_path",
                    "'" + value + "' is not an absolute path",
                    "Write the full path, e.g. /opt/services/my-api.");
        }
        return path.normalize();
    }
}
