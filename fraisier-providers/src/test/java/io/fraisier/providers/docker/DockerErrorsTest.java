package io.fraisier.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class DockerErrorsTest {
    private final DockerErrors errors = new DockerErrors("unix:///var/run/docker.sock");

    @Test
    void permissionDeniedOnTheSocket_explainsTheDockerGroupOrRoot() {
        // what the transport throws when connect(2) on the socket answers EACCES
        RuntimeException thrown = new RuntimeException(new SocketException("Permission denied"));

        FraisierException e = errors.translate("pinging the daemon", thrown);

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
        assertThat(e.getMessage()).contains("Permission denied").contains("/var/run/docker.sock");
        assertThat(e.hint()).contains("docker group").contains("run as root");
    }

    @Test
    void accessDeniedException_isAlsoAPermissionProblem() {
        RuntimeException thrown =
                new UncheckedIOException(new java.nio.file.AccessDeniedException("/var/run/docker.sock"));

        assertThat(errors.translate("pinging", thrown).hint()).contains("docker group");
    }

    @Test
    void connectionFailure_isUnreachable_namingDockerHost() {
        RuntimeException thrown = new RuntimeException(new SocketException("No such file or directory"));

        FraisierException e = errors.translate("inspecting container app", thrown);

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNREACHABLE);
        assertThat(e.getMessage())
                .contains("docker_host unix:///var/run/docker.sock")
                .contains("inspecting container app")
                .contains("No such file or directory");
        assertThat(e.hint()).contains("dockerd");
    }

    @Test
    void daemonRefusal_carriesTheDaemonsReason() {
        FraisierException e = errors.translate(
                "renaming container a to b",
                new ConflictException("Status 409: {\"message\":\"Conflict. The name \\\"/b\\\" is already in use\"}"));

        assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_FAILED);
        assertThat(e.getMessage())
                .contains("HTTP 409")
                .contains("is already in use")
                .doesNotContain("{\"message");
    }

    @Test
    void notFound_isNotFound() {
        assertThat(errors.translate("x", new NotFoundException("No such image")).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void call_letsFraisierExceptionsThrough() {
        FraisierException own = new FraisierException(ErrorCode.USAGE, "mine");
        try {
            errors.call("x", () -> {
                throw own;
            });
        } catch (FraisierException e) {
            assertThat(e).isSameAs(own);
            return;
        }
        throw new AssertionError("expected the exception to be rethrown");
    }
}
