package io.fraisier.core.api;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Target;
import io.fraisier.testkit.fake.ConfigFixtures;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import io.fraisier.testkit.fake.ManualSleeper;
import io.fraisier.testkit.fake.RecordingListener;
import io.fraisier.testkit.fake.ScriptedProvider;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.util.Map;

/** One engine under test: fakes wired into a {@link Fraisier}, one target {@code my_api/production}. */
final class EngineHarness {
    static final Target TARGET = Target.of("my_api", "production");
    static final String HOLDER = "host-a:100";

    final ManualClock clock = ManualClock.atEpochOfTests();
    final ManualSleeper sleeper = new ManualSleeper(clock);
    final InMemoryStore store = new InMemoryStore();
    final ScriptedProviderFactory providers = new ScriptedProviderFactory("scripted");
    final RecordingListener listener = new RecordingListener();
    EnvironmentConfig env = ConfigFixtures.environment(TARGET, "scripted");

    FraisierBuilder builder() {
        return Fraisier.builder()
                .config(ConfigFixtures.config(env))
                .store(store)
                .provider(providers)
                .listener(listener)
                .discoverListeners(false)
                .clock(clock)
                .sleeper(sleeper)
                .holderId(HOLDER)
                .environment(Map.of())
                .processLiveness(pid -> false);
    }

    Fraisier fraisier() {
        return builder().build();
    }

    ScriptedProvider target() {
        return providers.target(TARGET);
    }

    DeployRequest request() {
        return DeployRequest.of(TARGET);
    }
}
