package io.fraisier.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerSettingsTest {
    @Test
    void defaults_followConfigMd() {
        DockerSettings s = settings(Map.of("image", "registry.example.com/my-api"));

        assertThat(s.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(s.tag()).isEqualTo("latest");
        assertThat(s.containerName()).isEqualTo("demo-test");
        assertThat(s.previousName()).isEqualTo("demo-test-previous");
        assertThat(s.keepImages()).isEqualTo(5);
        assertThat(s.network()).isNull();
    }

    @Test
    void everyKey_isRead() {
        DockerSettings s = settings(Map.of(
                "docker_host",
                "tcp://10.0.0.5:2375",
                "image",
                "localhost:5000/team/api",
                "tag",
                "1.2.3",
                "container_name",
                "api-staging",
                "ports",
                List.of("127.0.0.1:8000:8000"),
                "env",
                Map.of("APP_ENV", "staging"),
                "volumes",
                List.of("/srv/data:/data:ro"),
                "labels",
                Map.of("team", "a"),
                "network",
                "backend",
                "keep_images",
                2L));

        assertThat(s.reference("1.2.3")).isEqualTo("localhost:5000/team/api:1.2.3");
        assertThat(s.ports()).containsExactly(new PortMapping("127.0.0.1", 8000, 8000, "tcp"));
        assertThat(s.env()).containsEntry("APP_ENV", "staging");
        assertThat(s.volumes()).containsExactly("/srv/data:/data:ro");
        assertThat(s.labels()).containsEntry("team", "a");
        assertThat(s.network()).isEqualTo("backend");
        assertThat(s.keepImages()).isEqualTo(2);
    }

    @Test
    void imageWithATag_isRefused_pointingAtTheTagKey() {
        assertThatThrownBy(() -> settings(Map.of("image", "my-api:1.0")))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining(DockerTargets.KEY_PATH + ".image")
                .hasMessageContaining("tag:");
    }

    @Test
    void missingImage_namesTheKey() {
        assertThatThrownBy(() -> settings(Map.of()))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining("'image'")
                .satisfies(e -> assertThat(((FraisierException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    @Test
    void dockerHostOfAnotherScheme_isRefused() {
        assertThatThrownBy(() -> settings(Map.of("image", "api", "docker_host", "ssh://host")))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining("docker_host");
    }

    @Test
    void badVolume_namesTheKey() {
        assertThatThrownBy(() -> settings(Map.of("image", "api", "volumes", List.of("nocolon"))))
                .isInstanceOf(FraisierException.class)
                .hasMessageContaining(".volumes");
    }

    private static DockerSettings settings(Map<String, Object> values) {
        var environment = DockerTargets.environment(
                DockerTargets.httpCheck("http://127.0.0.1:1/health"), new LinkedHashMap<>(values));
        return DockerSettings.from(environment.target(), environment);
    }
}
