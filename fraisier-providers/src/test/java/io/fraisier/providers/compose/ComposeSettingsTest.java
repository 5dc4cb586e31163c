package io.fraisier.providers.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeSettingsTest {
    @Test
    void defaults() {
        ComposeSettings s = ComposeSettings.from(environment(Map.of("compose_file", "/srv/a.yml", "service", "api")));

        assertThat(s.tagVariable()).isEqualTo("IMAGE_TAG");
        assertThat(s.project()).isNull();
        assertThat(s.composeCommand()).isNull();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void composeCommand_isSplitIntoWords() {
        ComposeSettings s = ComposeSettings.from(environment(
                Map.of("compose_file", "/srv/a.yml", "service", "api", "compose_command", " docker  compose ")));

        assertThat(s.composeCommand()).containsExactly("docker", "compose");
    }

    @Test
    void host_withAnAbsoluteComposeFile_isAccepted() {
        ComposeSettings settings = ComposeSettings.from(
                environment(Map.of("compose_file", "/srv/a.yml", "service", "api", "host", "app1.example.com")));

        assertThat(settings.composeFile()).isEqualTo("/srv/a.yml");
    }

    @Test
    void host_withARelativeComposeFile_namesTheKey() {
        assertThatThrownBy(() -> ComposeSettings.from(
                        environment(Map.of("compose_file", "srv/a.yml", "service", "api", "host", "app1.example.com"))))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining("fraises.demo.environments.preview.compose_file")
                .hasMessageContaining("absolute path")
                .satisfies(e -> assertThat(((FraisierException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    @Test
    void badTagVariable_namesTheKey() {
        assertThatThrownBy(() -> ComposeSettings.from(environment(
                        Map.of("compose_file", "/srv/a.yml", "service", "api", "tag_variable", "IMAGE-TAG"))))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining(".tag_variable");
    }

    @Test
    void missingService_namesTheKey() {
        assertThatThrownBy(() -> ComposeSettings.from(environment(Map.of("compose_file", "/srv/a.yml"))))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining("'service'");
    }

    private static EnvironmentConfig environment(Map<String, Object> values) {
        return new EnvironmentConfig(
                ComposeProject.TARGET,
                "docker_compose",
                null,
                Duration.ofSeconds(300),
                Duration.ofSeconds(120),
                true,
                new HealthCheck(null, null, null, null, Duration.ofSeconds(5), 3, Duration.ofSeconds(2)),
                new ProviderSettings(ComposeProject.KEY_PATH, new LinkedHashMap<>(values)));
    }
}
