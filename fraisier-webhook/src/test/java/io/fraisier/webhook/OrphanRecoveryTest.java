package io.fraisier.webhook;

import static io.fraisier.webhook.Payloads.SHA;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrphanRecoveryTest {
    private static final Target PRODUCTION = Target.of("my_api", "production");
    private static final Target STAGING = Target.of("my_api", "staging");
    private static final Set<Long> ALIVE = Set.of(1L, 7L);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final Fraisier fraisier = Fraisier.builder()
            .config(TestConfigs.config())
            .store(store)
            .clock(clock)
            .provider(new ScriptedProviderFactory("bare_metal"), new ScriptedProviderFactory("docker"))
            .discoverListeners(false)
            .environment(Map.of())
            .holderId("test-host:1")
            .processLiveness(ALIVE::contains)
            .build();
    private final OrphanRecovery recovery = new OrphanRecovery(fraisier, clock, Duration.ofSeconds(10));

    @AfterEach
    void close() {
        fraisier.close();
    }

    @Test
    void run_givesBackClaimsOfADeadProcessOfThisHost_only() {
        enqueue(PRODUCTION);
        enqueue(STAGING);
        store.queue().claimNext("test-host:99/worker-1", clock.instant()).orElseThrow();
        store.queue().claimNext("other-host:99/worker-1", clock.instant()).orElseThrow();

        recovery.run();

        assertThat(store.queue().claimHolders()).containsExactly("other-host:99/worker-1");
        assertThat(store.queue().depth()).isEqualTo(1);
    }

    @Test
    void run_keepsClaimsOfALiveProcessOfThisHost() {
        enqueue(PRODUCTION);
        store.queue().claimNext("test-host:7/worker-2", clock.instant()).orElseThrow();

        recovery.run();

        assertThat(store.queue().claimHolders()).containsExactly("test-host:7/worker-2");
    }

    @Test
    void run_releasesTheLockOfADeadLocalProcess_andMarksItsDeploymentInterrupted() {
        Deployment d = enqueue(PRODUCTION);
        store.locks()
                .tryAcquire(PRODUCTION, "test-host:99", d.id(), clock.instant(), Duration.ofSeconds(60))
                .orElseThrow();
        store.deployments()
                .transition(io.fraisier.core.spi.DeploymentUpdate.move(
                        d.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, clock.instant()));

        recovery.run();

        assertThat(store.locks().list()).isEmpty();
        assertThat(store.deployments().find(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.INTERRUPTED);
    }

    @Test
    void runIfDue_runsAtMostOncePerInterval() {
        recovery.runIfDue();
        enqueue(PRODUCTION);
        store.queue().claimNext("test-host:99/worker-1", clock.instant()).orElseThrow();

        recovery.runIfDue();
        assertThat(store.queue().claimHolders()).hasSize(1);

        clock.advance(Duration.ofSeconds(10));
        recovery.runIfDue();
        assertThat(store.queue().claimHolders()).isEmpty();
    }

    private Deployment enqueue(Target target) {
        return fraisier.enqueue(DeployRequest.of(target).withVersion(Version.of(SHA)));
    }
}
