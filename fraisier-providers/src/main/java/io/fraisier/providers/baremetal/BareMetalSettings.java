package io.fraisier.providers.baremetal;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.providers.git.CheckoutSettings;
import io.fraisier.providers.git.CheckoutSettings.Strategy;
import io.fraisier.providers.ssh.SshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code bare_metal} keys of one environment, checked: the SSH ones, and where and how the code is
 * put on the host (the same keys as provider {@code local}, but every path is on the remote host).
 *
 * @param keyPath where they live in fraises.yaml, for messages
 * @param ssh how to reach the host
 * @param appPath the checkout (in_place) or the folder holding {@code releases/} and {@code current}
 * @param gitRepo where the host gets the code from
 * @param branch the branch followed (default {@code main})
 * @param strategy how a version is put in place
 * @param keepReleases how many releases to keep
 * @param installCommand run in the new checkout before the restart
 * @param restartCommand run in the deployed folder to restart the service
 * @param systemdService restarted with systemctl when no restart command is set
 * @param useSudo whether systemctl runs through {@code sudo -n}
 * @param logCommand prints the service's recent log (instead of journalctl)
 * @param commandTimeout the limit of each remote command (the environment's deployment timeout)
 */
record BareMetalSettings(
        String keyPath,
        SshSettings ssh,
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
    static BareMetalSettings from(EnvironmentConfig environment, Map<String, String> env, Path home) {
        ProviderSettings s = environment.settings();
        String keyPath = s.keyPath();
        SshSettings ssh = SshSettings.from(s, env, home);
        String appPath = remotePath(keyPath, s.requireString("app_path"));
        CheckoutSettings c = CheckoutSettings.from(environment, "bare_metal");
        return new BareMetalSettings(
                keyPath,
                ssh,
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
    String deployedDir() {
        return strategy == Strategy.IN_PLACE ? appPath : appPath + "/" + RemoteReleases.CURRENT;
    }

    /** An absolute path on the host, normalized; quoted wherever it is used, so spaces are fine. */
    private static String remotePath(String keyPath, String value) {
        String v = value.trim();
        boolean bad = !v.startsWith("/")
                || v.chars().anyMatch(Character::isISOControl)
                || ("/" + v + "/").contains("/../")
                || ("/" + v + "/").contains("/./");
        if (bad) {
            throw CheckoutSettings.invalid(
                    keyPath,
                    "app_path",
                    "'" + value + "' is not an absolute path on the host (no '.', '..' or control characters)",
                    "Write the full path on the host, e.g. /opt/services/my-api.");
        }
        String normalized = v.replaceAll("/+", "/");
        if (normalized.length() > 1 && normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        if (normalized.equals("/")) {
            throw CheckoutSettings.invalid(
                    keyPath, "app_path", "must not be /", "Write a folder of its own, e.g. /opt/services/my-api.");
        }
        return normalized;
    }
}
