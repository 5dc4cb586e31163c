package io.fraisier.core.api;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.engine.ProviderRegistry;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentListener;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.core.spi.HookRunner;
import io.fraisier.core.spi.ProcessLiveness;
import io.fraisier.core.spi.ServiceDirectory;
import io.fraisier.core.spi.Sleeper;
import io.fraisier.core.spi.StoreFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * Assembles a {@link Fraisier}. Only {@link #config} is required. What is not handed in is found with
 * {@link ServiceLoader} (or the {@link #services} handed in): the store ({@link StoreFactory}, from
 * {@code fraisier-persistence}), the provider factories ({@code fraisier-providers}) when none is given,
 * listeners (added to the given ones) and the hook runner.
 *
 * <p>Not thread-safe; build once and share the {@link Fraisier}.
 */
public final class FraisierBuilder {
    /** Default length of a lock lease; renewed every third of it while a deployment runs. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

    private @Nullable FraisierConfig config;
    private @Nullable FraisierStore store;
    private final List<DeploymentProviderFactory> providers = new ArrayList<>();
    private final List<DeploymentListener> listeners = new ArrayList<>();
    private boolean discoverListeners = true;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Sleeper renewalSleeper = Sleeper.SYSTEM;
    private @Nullable String holderId;
    private @Nullable Map<String, String> environment;
    private Duration lease = DEFAULT_LEASE;
    private ProcessLiveness liveness = ProcessLiveness.SYSTEM;
    private @Nullable HookRunner hookRunner;
    private ServiceDirectory services = ServiceDirectory.serviceLoader();

    FraisierBuilder() {}

    /** The parsed {@code fraises.yaml} (required). */
    public FraisierBuilder config(FraisierConfig value) {
        this.config = Objects.requireNonNull(value, "config");
        return this;
    }

    /**
     * A parser of {@code fraises.yaml} that checks environments against the providers this builder uses
     * (those handed to {@link #provider}, else those of its {@link #services}) and expands
     * {@code ${VAR}} from its {@link #environment}: a provider type added here can be configured.
     */
    public ConfigParser configParser() {
        return new ConfigParser(environment != null ? environment : System.getenv(), factories());
    }

    /** The store to use; the caller keeps ownership (it is not closed by {@link Fraisier#close()}). */
    public FraisierBuilder store(FraisierStore value) {
        this.store = Objects.requireNonNull(value, "store");
        return this;
    }

    /** Provider factories; when any is given, none is discovered. The first of a type wins. */
    public FraisierBuilder provider(DeploymentProviderFactory... factories) {
        providers.addAll(Arrays.asList(factories));
        return this;
    }

    /** Listeners that see every event of every deployment of this instance. */
    public FraisierBuilder listener(DeploymentListener... values) {
        listeners.addAll(Arrays.asList(values));
        return this;
    }

    /** Whether listeners found with {@link ServiceLoader} (its {@link #services}) are added (default true). */
    public FraisierBuilder discoverListeners(boolean value) {
        this.discoverListeners = value;
        return this;
    }

    /**
     * Where what is not handed in is found (default: {@link ServiceDirectory#serviceLoader()}). The
     * executable hands in the index of its installation, which spares a command reading every jar.
     */
    public FraisierBuilder services(ServiceDirectory value) {
        this.services = Objects.requireNonNull(value, "services");
        return this;
    }

    /** Time (default: the system clock in UTC). */
    public FraisierBuilder clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /** Waits for backoffs, lock polling and provider timeouts (default: real time). */
    public FraisierBuilder sleeper(Sleeper value) {
        this.sleeper = Objects.requireNonNull(value, "sleeper");
        return this;
    }

    /**
     * How the background lease renewer waits between renewals (default: real time). Renewals between a
     * deployment's steps use the clock and happen whatever this is.
     */
    public FraisierBuilder renewalSleeper(Sleeper value) {
        this.renewalSleeper = Objects.requireNonNull(value, "renewalSleeper");
        return this;
    }

    /** This process's lock holder id, {@code host:pid} (default: this host's name and this JVM's pid). */
    public FraisierBuilder holderId(String value) {
        this.holderId = Objects.requireNonNull(value, "holderId");
        return this;
    }

    /** The process environment given to the store factory and providers (default: {@link System#getenv()}). */
    public FraisierBuilder environment(Map<String, String> value) {
        this.environment = Map.copyOf(value);
        return this;
    }

    /** Length of a lock lease (default 60 s, at least 3 s). */
    public FraisierBuilder lease(Duration value) {
        if (value.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("a lock lease must last at least 3 s, was " + value);
        }
        this.lease = value;
        return this;
    }

    /** How a lock holder of this host is checked to be alive (default: the JDK's process table). */
    public FraisierBuilder processLiveness(ProcessLiveness value) {
        this.liveness = Objects.requireNonNull(value, "processLiveness");
        return this;
    }

    /**
     * Runs the environments' {@code hooks:} (default: the first {@link HookRunner} found with
     * {@link ServiceLoader}; without one, a deployment whose environment has a hook fails at that hook,
     * saying so). The CLI and the daemon hand in {@code fraisier-providers}' {@code LocalHookRunner}.
     */
    public FraisierBuilder hookRunner(HookRunner value) {
        this.hookRunner = Objects.requireNonNull(value, "hookRunner");
        return this;
    }

    /**
     * Builds the instance and runs crash recovery once: {@code in_progress} deployments whose lease expired
     * become {@code interrupted} and their locks are reclaimed.
     *
     * @throws FraisierException {@code USAGE} without a config, {@code NOT_AVAILABLE} when no store is given
     *     and none can be discovered, or what the store factory throws ({@code DATABASE_UNAVAILABLE}, …)
     */
    public Fraisier build() {
        if (config == null) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    "Fraisier.builder() needs a config",
                    "Call .config(FraisierConfig) before build().");
        }
        Map<String, String> env = environment != null ? environment : System.getenv();
        List<DeploymentProviderFactory> factories = factories();
        List<DeploymentListener> allListeners = new ArrayList<>(listeners);
        if (discoverListeners) {
            allListeners.addAll(services.load(DeploymentListener.class));
        }
        boolean owned = store == null;
        FraisierStore s = owned ? openStore(config, env) : store;
        String holder = holderId != null ? holderId : defaultHolder(env);
        return new Fraisier(
                config,
                s,
                owned,
                factories,
                allListeners,
                clock,
                sleeper,
                renewalSleeper,
                holder,
                lease,
                liveness,
                env,
                hookRunner != null
                        ? hookRunner
                        : services.load(HookRunner.class).stream().findFirst().orElse(HookRunner.NONE));
    }

    /**
     * Runs one environment's provider connectivity checks ({@code fraisier provider-test}) without building
     * an instance: testing SSH, Docker or Coolify settings must not need the database, nor run crash
     * recovery on it.
     *
     * @throws FraisierException {@code PROVIDER_UNKNOWN} when no factory makes the environment's provider
     */
    public List<CheckResult> providerTest(EnvironmentConfig environment) {
        Map<String, String> env = this.environment != null ? this.environment : System.getenv();
        return new ProviderRegistry(factories(), clock, env).selfTest(environment);
    }

    private List<DeploymentProviderFactory> factories() {
        return providers.isEmpty() ? services.load(DeploymentProviderFactory.class) : List.copyOf(providers);
    }

    private FraisierStore openStore(FraisierConfig config, Map<String, String> env) {
        StoreFactory factory = services.load(StoreFactory.class).stream()
                .findFirst()
                .orElseThrow(() -> new FraisierException(
                        ErrorCode.NOT_AVAILABLE,
                        "No Fraisier store implementation on the class path",
                        "Add the fraisier-persistence artifact (PostgreSQL and SQLite stores), or hand a store to"
                                + " Fraisier.builder().store(…)."));
        // metrics.enabled: false or FRAISIER_METRICS_ENABLED=false: record the deployment, do not count it
        return factory.open(config.database(), env, config.metrics().enabled());
    }

    private static String defaultHolder(Map<String, String> env) {
        return hostName(env) + ":" + ProcessHandle.current().pid();
    }

    private static String hostName(Map<String, String> env) {
        String host = env.get("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host.strip();
        }
        // read the name rather than resolve it: a host with broken DNS must not stall start-up
        try {
            Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc)) {
                String name = Files.readString(etc).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
