package io.fraisier.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.providers.host.HostSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LocalSettingsTest {
    @Test
    void defaults_followMainInPlace_keepFiveReleases_andUseTheDeploymentTimeout() {
        HostSettings s = LocalSettings.from(env(null, Map.of()));
        assertThat(s.appPath()).isEqualTo("/srv/app");
        assertThat(s.branch()).isEqualTo("main");
        assertThat(s.strategy()).isEqualTo(HostSettings.Strategy.IN_PLACE);
        assertThat(s.keepReleases()).isEqualTo(5);
        assertThat(s.useSudo()).isFalse();
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofSeconds(42));
        assertThat(s.deployedDir()).isEqualTo("/srv/app");
    }

    @Test
    void releases_runFromCurrent() {
        HostSettings s = LocalSettings.from(env("develop", Map.of("strategy", "releases", "keep_releases", 3L)));
        assertThat(s.deployedDir()).isEqualTo("/srv/app/current");
        assertThat(s.branch()).isEqualTo("develop");
        assertThat(s.keepReleases()).isEqualTo(3);
    }

    @Test
    void appPath_expandsTheHomeFolder() {
        HostSettings s = LocalSettings.from(env(null, Map.of("app_path", "~/apps/x")));
        assertThat(s.appPath())
                .isEqualTo(Path.of(System.getProperty("user.home"), "apps", "x").toString());
    }

    @Test
    void invalidKeys_areConfigErrorsNamingTheKeyPath() {
        expectInvalid(Map.of("app_path", "relative/dir"), "test.app_path: 'relative/dir' is not an absolute path");
        expectInvalid(Map.of("strategy", "blue_green"), "test.strategy: 'blue_green' is not a strategy");
        expectInvalid(Map.of("keep_releases", 0L), "test.keep_releases: must be 1 or more");
        expectInvalid(
                Map.of("restart_command", "./restart.sh", "systemd_service", "x.service"),
                "test.restart_command: is set together with systemd_service");
        expectInvalid(Map.of("systemd_service", "--now"), "test.systemd_service: '--now' is not a systemd unit name");
    }

    @Test
    void missingGitRepo_isNamed_whenTheCodeIsNeeded_butAConnectivityCheckCanDoWithout() {
        Map<String, Object> noRepo = new HashMap<>(Map.of("app_path", "/srv/app"));
        HostSettings settings = LocalSettings.from(
                LocalTargets.environment(null, Duration.ofSeconds(1), LocalTargets.httpCheck("http://x/"), noRepo));

        assertThat(settings.hasGitRepo()).isFalse();
        assertThatThrownBy(settings::gitRepo)
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining("missing required key 'git_repo'");
    }

    @Test
    void theFactory_isFoundByServiceLoader_asTypeLocal() {
        assertThat(ServiceLoader.load(DeploymentProviderFactory.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .filter(f -> f.type().equals("local")))
                .singleElement()
                .isInstanceOf(LocalDeploymentProviderFactory.class);
    }

    private static void expectInvalid(Map<String, Object> overrides, String message) {
        assertThatThrownBy(() -> LocalSettings.from(env(null, overrides)))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageContaining(message);
    }

    private static EnvironmentConfig env(@Nullable String branch, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(Map.of("app_path", "/srv/app", "git_repo", "/srv/repo.git"));
        settings.putAll(overrides);
        return LocalTargets.environment(branch, Duration.ofSeconds(42), LocalTargets.httpCheck("http://x/"), settings);
    }
}
