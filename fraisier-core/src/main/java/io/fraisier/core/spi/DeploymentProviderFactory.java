package io.fraisier.core.spi;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.model.Target;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Creates {@link DeploymentProvider}s of one type; found with {@link java.util.ServiceLoader}
 * ({@code fraisier-providers} ships them) or handed to the {@code Fraisier} builder. A factory also owns
 * its configuration schema: {@link #keys()} are the environment keys of its type, against which
 * {@code fraises.yaml} is checked (names, types, required keys, defaults, secrets) before
 * {@link #create} sees the values.
 */
public interface DeploymentProviderFactory {
    /** The provider type this factory makes ({@code local}, {@code bare_metal}, …). */
    String type();

    /** One line saying what the provider deploys, for the documentation and {@code provider-test}. */
    default String description() {
        return "";
    }

    /**
     * The environment keys of this type, besides those every environment accepts ({@code provider},
     * {@code branch}, timeouts, health checks), in documentation order. Names must not repeat one of those
     * common keys. Default: none.
     */
    default List<ProviderKey> keys() {
        return List.of();
    }

    /**
     * What to add to the problem when an environment of this type sets {@code key}, which only other
     * providers accept (e.g. why a provider has no SSH keys), or null for nothing.
     */
    default @Nullable String foreignKeyNote(String key) {
        return null;
    }

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
