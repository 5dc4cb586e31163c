package io.fraisier.providers.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Asks the daemon whether an image's registry has it, without pulling: {@code GET
 * /distribution/{name}/json}, with the credentials a pull would use ({@code ~/.docker/config.json} of the
 * user running Fraisier). docker-java has no command for this endpoint, so it goes through the client's raw
 * transport.
 *
 * <p>Thread-safe (stateless).
 */
interface RegistryCheck {
    /**
     * The digest the registry gives for {@code reference}.
     *
     * @throws FraisierException {@code PROVIDER_UNREACHABLE} naming the reference, the endpoint and the
     *     daemon's reason when the registry cannot be asked or does not have it
     */
    String digest(DockerClient client, String reference);

    /** The real check through the daemon. */
    static RegistryCheck throughDaemon(String dockerHost) {
        return (client, reference) -> {
            if (!(client instanceof DockerClientImpl impl)) {
                throw new IllegalStateException("not a docker-java client: " + client.getClass());
            }
            String endpoint = "/distribution/" + reference + "/json";
            DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.GET)
                    .path(endpoint);
            String auth = registryAuth(reference);
            if (auth != null) {
                request.putHeader("X-Registry-Auth", auth);
            }
            try (DockerHttpClient.Response response = impl.getHttpClient().execute(request.build());
                    InputStream body = response.getBody()) {
                String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                JsonNode json = parse(text);
                if (response.getStatusCode() == 200) {
                    String digest = json.path("Descriptor").path("digest").asText("");
                    return digest.isEmpty() ? "unknown digest" : digest;
                }
                String message = json.path("message").asText(text.strip());
                throw failed(reference, dockerHost, "HTTP " + response.getStatusCode() + " " + message, null);
            } catch (IOException | RuntimeException e) {
                if (e instanceof FraisierException fe) {
                    throw fe;
                }
                throw failed(reference, dockerHost, DockerErrors.reason(e), e);
            }
        };
    }

    private static FraisierException failed(String reference, String dockerHost, String reason, Throwable cause) {
        return new FraisierException(
                ErrorCode.PROVIDER_UNREACHABLE,
                reference + " is not on the daemon, and asking its registry through the daemon at " + dockerHost
                        + " (GET /distribution/" + reference + "/json) failed: " + reason,
                "A deployment would have to pull it: push " + reference + " to its registry, make the registry"
                        + " reachable from the daemon's host (and `docker login` there), or build the image on"
                        + " the daemon.",
                cause);
    }

    private static JsonNode parse(String text) {
        try {
            return new ObjectMapper().readTree(text.isBlank() ? "{}" : text);
        } catch (IOException e) {
            return new ObjectMapper().createObjectNode();
        }
    }

    /** The credentials a pull of {@code reference} uses, encoded for {@code X-Registry-Auth}; null when none. */
    private static String registryAuth(String reference) {
        AuthConfig auth;
        try {
            auth = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .build()
                    .effectiveAuthConfig(reference);
        } catch (RuntimeException e) {
            return null; // an unreadable ~/.docker/config.json: ask anonymously, as the registry then says
        }
        if (auth == null || (auth.getUsername() == null && auth.getAuth() == null && auth.getIdentitytoken() == null)) {
            return null;
        }
        try {
            byte[] json = new ObjectMapper().writeValueAsBytes(auth);
            return Base64.getUrlEncoder().encodeToString(json);
        } catch (IOException e) {
            return null;
        }
    }
}
