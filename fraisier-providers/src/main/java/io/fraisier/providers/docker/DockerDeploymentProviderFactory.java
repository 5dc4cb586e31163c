package io.fraisier.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import java.time.Duration;
import java.util.List;

/**
 * Makes {@code docker} providers. Found with {@link java.util.ServiceLoader}.
 *
 * <p>Thread-safe (stateless).
 */
public final class DockerDeploymentProviderFactory implements DeploymentProviderFactory {
    @Override
    public String type() {
        return DockerDeploymentProvider.TYPE;
    }

    @Override
    public String description() {
        return "One container of an image, swapped on each deployment";
    }

    @Override
    public List<ProviderKey> keys() {
        return DockerKeys.ALL;
    }

    /**
     * @throws io.fraisier.core.error.FraisierException {@code CONFIG_INVALID} naming the key when a docker key
     *     is missing or malformed
     */
    @Override
    public DeploymentProvider create(ProviderContext context) {
        return new DockerDeploymentProvider(
                context.target(),
                DockerSettings.from(context.target(), context.environment()),
                DockerDeploymentProviderFactory::connect,
                DockerDeploymentProvider.STOP_GRACE);
    }

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
