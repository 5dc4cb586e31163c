package io.fraisier.providers.local;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.providers.host.HostSettings;
import java.nio.file.Path;

/**
 * Reads the {@code local} provider's keys of one environment: {@code app_path} (an absolute path on this
 * host, {@code ~} expanded) and the checkout keys every host provider shares ({@link HostSettings}).
 *
 * <p>Thread-safe (stateless).
 */
final class LocalSettings {
    private LocalSettings() {}

    /**
     * @throws io.fraisier.core.error.FraisierException {@code CONFIG_INVALID} naming the key when a key is
     *     missing or malformed
     */
    static HostSettings from(EnvironmentConfig environment) {
        ProviderSettings s = environment.settings();
        String appPath = absolutePath(s.keyPath(), s.requireString("app_path"));
        return HostSettings.from(environment, LocalDeploymentProviderFactory.TYPE, appPath);
    }

    private static String absolutePath(String keyPath, String value) {
        String expanded = value.equals("~") || value.startsWith("~/")
                ? System.getProperty("user.home") + value.substring(1)
                : value;
        Path path = Path.of(expanded);
        if (!path.isAbsolute()) {
            throw HostSettings.invalid(
                    keyPath,
                    "app_path",
                    "'" + value + "' is not an absolute path",
                    "Write the full path, e.g. /opt/services/my-api.");
        }
        return path.normalize().toString();
    }
}
