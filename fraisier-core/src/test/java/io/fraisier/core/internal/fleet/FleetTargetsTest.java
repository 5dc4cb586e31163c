package io.fraisier.core.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FleetHost;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.config.Rollout;
import io.fraisier.core.model.Target;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetTargetsTest {
    private static final Target TARGET = Target.of("api", "production");
    private static final HealthCheck HEALTH = new HealthCheck(
            "http://{host}:8080/health",
            null,
            "test -f /srv/{host}.ok",
            null,
            Duration.ofSeconds(5),
            3,
            Duration.ofSeconds(2));

    private static EnvironmentConfig env(Map<String, Object> settings) {
        return new EnvironmentConfig(
                TARGET,
                "bare_metal",
                "main",
                Duration.ofSeconds(300),
                Duration.ofSeconds(600),
                true,
                HEALTH,
                new ProviderSettings("fraises.api.environments.production", settings),
                io.fraisier.core.config.Hooks.NONE,
                Rollout.DEFAULT);
    }

    @Test
    void eachHost_getsTheEnvironmentsKeysWithItsOwnInPlace_andItsNameInTheHealthCheck() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("app_path", "/srv/api");
        settings.put("user", "ops");
        settings.put(
                "hosts",
                List.of(
                        new FleetHost("web1", "web1", Map.of("host", "web1")),
                        new FleetHost(
                                "deploy@web2:2222", "web2", Map.of("host", "web2", "user", "deploy", "port", 2222L))));

        List<FleetTargets.HostTarget> hosts = FleetTargets.of(env(settings));

        assertThat(hosts).extracting(FleetTargets.HostTarget::name).containsExactly("web1", "deploy@web2:2222");
        EnvironmentConfig second = hosts.get(1).environment();
        assertThat(second.settings().values())
                .containsEntry("host", "web2")
                .containsEntry("user", "deploy")
                .containsEntry("port", 2222L)
                .containsEntry("app_path", "/srv/api")
                .doesNotContainKey("hosts");
        assertThat(second.settings().keyPath()).isEqualTo("fraises.api.environments.production.hosts[1]");
        assertThat(second.healthCheck().url()).isEqualTo("http://web2:8080/health");
        assertThat(second.healthCheck().command()).isEqualTo("test -f /srv/web2.ok");
        assertThat(hosts.get(0).environment().settings().values()).containsEntry("user", "ops");
        assertThat(second.isFleet()).isFalse();
    }

    @Test
    void anEnvironmentOfOneHost_isItself() {
        EnvironmentConfig one = env(Map.of("host", "web1", "app_path", "/srv/api"));

        assertThat(FleetTargets.of(one)).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("web1");
            assertThat(h.environment()).isSameAs(one);
        });
    }
}
