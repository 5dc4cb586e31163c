package io.fraisier.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/**
 * Makes docker-java clients. Apart from the factory so that reading fraises.yaml (which loads every
 * provider factory for its keys) loads no docker-java class: commands like {@code history} never touch
 * Docker.
 */
final class DockerClients {
    private DockerClients() {}

    /** A docker-java client for {@code dockerHost}, (TLS settings come from DOCKER_TLS_VERIFY/DOCKER_CERT_PATH). */
    static DockerClient connect(String dockerHost) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                // pulls of big layers and stops with a grace period are single long requests
                .responseTimeout(Duration.ofMinutes(30))
                .maxConnections(20)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
