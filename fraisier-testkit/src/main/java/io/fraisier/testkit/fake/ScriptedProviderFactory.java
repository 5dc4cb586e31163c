package io.fraisier.testkit.fake;

import io.fraisier.core.model.Target;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@link ScriptedProvider}s of one type, one per target, created on first use and kept (so that a
 * test scripts a target before deploying and inspects it after). Thread-safe.
 */
public final class ScriptedProviderFactory implements DeploymentProviderFactory {
    private final String type;
    private final List<ProviderKey> keys;
    private final Function<String, @Nullable String> foreignKeyNote;
    private final Map<Target, ScriptedProvider> targets = new LinkedHashMap<>();
    private final Map<String, ScriptedProvider> fleetHosts = new LinkedHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();

    public ScriptedProviderFactory(String type) {
        this(type, List.of());
    }

    /** A factory of {@code type} whose environments take {@code keys}. */
    public ScriptedProviderFactory(String type, List<ProviderKey> keys) {
        this(type, keys, key -> null);
    }

    /** As {@link #ScriptedProviderFactory(String, List)}, adding {@code foreignKeyNote} to foreign-key problems. */
    public ScriptedProviderFactory(
            String type, List<ProviderKey> keys, Function<String, @Nullable String> foreignKeyNote) {
        this.type = type;
        this.keys = List.copyOf(keys);
        this.foreignKeyNote = foreignKeyNote;
    }

    /** The scripted target {@code target}. */
    public synchronized ScriptedProvider target(Target target) {
        return targets.computeIfAbsent(target, t -> new ScriptedProvider(type));
    }

    /**
     * The scripted host {@code host} of the fleet {@code target} (an environment with {@code hosts:}): each
     * host of a fleet is a provider of its own.
     */
    public synchronized ScriptedProvider host(Target target, String host) {
        return fleetHosts.computeIfAbsent(target + "@" + host, t -> new ScriptedProvider(type));
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
    public List<ProviderKey> keys() {
        return keys;
    }

    @Override
    public @Nullable String foreignKeyNote(String key) {
        return foreignKeyNote.apply(key);
    }

    @Override
    public DeploymentProvider create(ProviderContext context) {
        opened.incrementAndGet();
        boolean fleetHost = context.settings().keyPath().contains(".hosts[");
        return fleetHost ? host(context.target(), context.settings().requireString("host")) : target(context.target());
    }
}
