package io.fraisier.providers.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.providers.host.HostSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bare_metal keys are checked before anything connects; defaults follow OpenSSH's. */
class BareMetalSettingsTest {
    private static final HealthCheck NONE =
            new HealthCheck(null, null, null, null, Duration.ofSeconds(5), 0, Duration.ofSeconds(1));

    @TempDir
    Path home;

    private Map<String, Object> minimal() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("host", "app1.example.com");
        s.put("app_path", "/opt/services/my-api");
        s.put("git_repo", "git@github.com:org/my-api.git");
        return s;
    }

    private BareMetalSettings read(Map<String, Object> s) {
        return BareMetalSettings.from(BareMetalTargets.environment(Duration.ofSeconds(60), NONE, s), Map.of(), home);
    }

    @Test
    void defaults_arePort22_knownHostsInHome_andTheDefaultIdentitiesThatExist() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_rsa"), "key");
        BareMetalSettings settings = read(minimal());
        assertThat(settings.ssh().endpoint().port()).isEqualTo(22);
        assertThat(settings.ssh().knownHosts()).isEqualTo(home.resolve(".ssh/known_hosts"));
        assertThat(settings.ssh().keyFiles()).containsExactly(home.resolve(".ssh/id_rsa"));
        assertThat(settings.host().strategy()).isEqualTo(HostSettings.Strategy.IN_PLACE);
        assertThat(settings.ssh().endpoint().knownHostsName()).isEqualTo("app1.example.com");
    }

    @Test
    void appPath_mustBeAbsoluteWithoutDotDot_butMayHoldSpaces() {
        Map<String, Object> s = minimal();
        s.put("app_path", "/srv/my app//");
        assertThat(read(s).host().appPath()).isEqualTo("/srv/my app");
        for (String bad : new String[] {"srv/app", "/srv/../etc", "/"}) {
            s.put("app_path", bad);
            assertThatThrownBy(() -> read(s)).isInstanceOfSatisfying(FraisierException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                assertThat(e.getMessage()).contains(BareMetalTargets.KEY_PATH + ".app_path");
            });
        }
    }

    @Test
    void malformedKeys_areRefusedNamingTheKey() {
        Map<String, Object[]> cases = Map.of(
                "host", new Object[] {"app1; rm -rf /"},
                "port", new Object[] {70000L},
                "user", new Object[] {"de ploy"},
                "host_key_fingerprint", new Object[] {"MD5:aa:bb"},
                "systemd_service", new Object[] {"my api.service"},
                "strategy", new Object[] {"blue_green"},
                "keep_releases", new Object[] {0L});
        cases.forEach((key, value) -> {
            Map<String, Object> s = minimal();
            s.put(key, value[0]);
            assertThatThrownBy(() -> read(s))
                    .as(key)
                    .isInstanceOfSatisfying(
                            FraisierException.class,
                            e -> assertThat(e.getMessage()).contains(BareMetalTargets.KEY_PATH + "." + key));
        });
    }

    @Test
    void restartCommandAndSystemdService_togetherAreRefused() {
        Map<String, Object> s = minimal();
        s.put("restart_command", "./restart.sh");
        s.put("systemd_service", "my-api.service");
        assertThatThrownBy(() -> read(s)).hasMessageContaining("restart_command");
    }
}
