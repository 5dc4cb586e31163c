package io.fraisier.providers.coolify;

import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import io.fraisier.core.spi.Sleeper;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Makes {@code coolify} providers: deployments of a Coolify v4 application through its API. Found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>Thread-safe (stateless).
 */
public final class CoolifyDeploymentProviderFactory implements DeploymentProviderFactory {
    @Override
    public String type() {
        return CoolifyDeploymentProvider.TYPE;
    }

    @Override
    public String description() {
        return "An application of a Coolify instance, through its API";
    }

    @Override
    public List<ProviderKey> keys() {
        return CoolifyKeys.ALL;
    }

    /**
     * @throws io.fraisier.core.error.FraisierException {@code CONFIG_INVALID} naming the key when
     *     {@code api_url}, {@code api_token} or {@code application_uuid} is missing or malformed, or when a
     *     health command is configured
     */
    @Override
    public DeploymentProvider create(ProviderContext context) {
        CoolifySettings settings = CoolifySettings.from(context.environment());
        return new CoolifyDeploymentProvider(settings, client(), Sleeper.SYSTEM, context.clock());
    }

    static OkHttpClient client() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ofSeconds(60))
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
    }
}
