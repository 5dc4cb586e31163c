package io.fraisier.core.spi;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.model.Target;
import java.time.Clock;
import java.util.Map;

/**
 * Creates {@link DeploymentProvider}s of one type; found with {@link java.util.ServiceLoader}
 * ({@code fraisier-providers} ships them) or handed to the {@code Fraisier} builder.
 */
public interface DeploymentProviderFactory {
    /** The provider type this factory makes ({@code local}, {@code bare_metal}, …). */
    String type();

    /** A provider for one target; cheap, connects lazily. */
    DeploymentProvider create(ProviderContext context);

    /**
     * What a provider gets.
     *
     * @param target fraise and environment, or a synthetic target for {@code provider-test --config-file}
     * @param environment the environment's configuration
     * @param settings its provider keys (same as {@code environment.settings()})
     * @param clock time
     * @param env the process environment (for key passphrases and the like)
     */
    record ProviderContext(
            Target target,
            EnvironmentConfig environment,
            ProviderSettings settings,
            Clock clock,
            Map<String, String> env) {}
}
