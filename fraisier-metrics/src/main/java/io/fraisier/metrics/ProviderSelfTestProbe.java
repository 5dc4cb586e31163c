package io.fraisier.metrics;

import io.fraisier.core.model.Target;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AvailabilityProbe} that runs a provider's {@link DeploymentProvider#selfTest()} (the checks of
 * {@code fraisier provider-test}): available when every check passes. Opens a fresh provider per probe and
 * closes it, so a connection dropped between probes is noticed. Thread-safe if {@code open} is.
 */
public final class ProviderSelfTestProbe implements AvailabilityProbe {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderSelfTestProbe.class);

    private final String provider;
    private final Target target;
    private final Supplier<DeploymentProvider> open;

    /**
     * @param provider the provider type of the target's environment
     * @param target the environment whose provider settings {@code open} uses; {@code fraise/environment} is
     *     the {@code target} label
     * @param open opens a provider for that target (may throw a FraisierException: counted as unavailable)
     */
    public ProviderSelfTestProbe(String provider, Target target, Supplier<DeploymentProvider> open) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.target = Objects.requireNonNull(target, "target");
        this.open = Objects.requireNonNull(open, "open");
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public String target() {
        return target.toString();
    }

    @Override
    public boolean available() {
        try (DeploymentProvider opened = open.get()) {
            List<CheckResult> failed =
                    opened.selfTest().stream().filter(check -> !check.ok()).toList();
            for (CheckResult check : failed) {
                LOG.info("Provider {} for {}: check {} failed: {}", provider, target, check.name(), check.detail());
            }
            return failed.isEmpty();
        }
    }
}
