package io.fraisier.providers.baremetal;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.providers.host.HostSettings;
import io.fraisier.providers.ssh.SshSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code bare_metal} keys of one environment, checked: the SSH ones, and where and how the code is
 * put on the host (the same keys as provider {@code local}, but every path is on the remote host).
 *
 * @param ssh how to reach the host
 * @param host where and how the code is put there
 */
record BareMetalSettings(SshSettings ssh, HostSettings host) {
    static BareMetalSettings from(EnvironmentConfig environment, Map<String, String> env, Path home) {
        ProviderSettings s = environment.settings();
        String keyPath = s.keyPath();
        SshSettings ssh = SshSettings.from(s, env, home);
        String appPath = remotePath(keyPath, s.requireString("app_path"));
        return new BareMetalSettings(
                ssh, HostSettings.from(environment, BareMetalDeploymentProviderFactory.TYPE, appPath));
    }

    /** An absolute path on the host, normalized; quoted wherever it is used, so spaces are fine. */
    private static String remotePath(String keyPath, String value) {
        String v = value.trim();
        boolean bad = !v.startsWith("/")
                || v.chars().anyMatch(Character::isISOControl)
                || ("/" + v + "/").contains("/../")
                || ("/" + v + "/").contains("/./");
        if (bad) {
            throw HostSettings.invalid(
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
            throw HostSettings.invalid(
                    keyPath, "app_path", "must not be /", "Write a folder of its own, e.g. /opt/services/my-api.");
        }
        return normalized;
    }
}
