package io.fraisier.providers.host;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.providers.git.CheckoutSettings;
import io.fraisier.providers.git.CheckoutSettings.Strategy;
import java.time.Duration;
import java.util.Optional;
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
    /**
     * The checkout keys of {@code environment} ({@link CheckoutSettings}) at {@code appPath}.
     *
     * @param type the provider type, for messages
     */
    public static HostSettings from(EnvironmentConfig environment, String type, String appPath) {
        CheckoutSettings c = CheckoutSettings.from(environment, type);
        return new HostSettings(
                environment.settings().keyPath(),
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
    public boolean hasGitRepo() {
        return gitRepo != null;
    }

    /** The folder the service runs from: the checkout, or {@code current} of the releases layout. */
    public String deployedDir() {
        return strategy == Strategy.IN_PLACE ? appPath : appPath + "/" + HostReleases.CURRENT;
    }
}
