package io.fraisier.testkit.fake;

import io.fraisier.core.model.Target;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes {@link ScriptedProvider}s of one type, one per target, created on first use and kept (so that a
 * test scripts a target before deploying and inspects it after). Thread-safe.
 */
public final class ScriptedProviderFactory implements DeploymentProviderFactory {
    private final String type;
    private final Map<Target, ScriptedProvider> targets = new LinkedHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();

    public ScriptedProviderFactory(String type) {
        this.type = type;
    }

    /** The scripted target {@code target}. */
    public synchronized ScriptedProvider target(Target target) {
        return targets.computeIfAbsent(target, t -> new ScriptedProvider(type));
    }

    /** How many providers the engine opened. */
    public int opened() {
        return opened.get();
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public DeploymentProvider create(ProviderContext context) {
        opened.incrementAndGet();
        return target(context.target());
    }
}
