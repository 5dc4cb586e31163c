package io.fraisier.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.MetricSnapshot;
import io.fraisier.core.model.MetricSnapshot.DeploymentCount;
import io.fraisier.core.model.MetricSnapshot.DurationHistogram;
import io.fraisier.core.model.MetricSnapshot.ErrorCount;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentUpdate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The durable counter contract: bumped once per deployment end, cumulative histograms, active gauge. */
public abstract class CountersContract extends StoreContractSupport {

    @Test
    void snapshot_ofAnEmptyStore_isEmpty() {
        MetricSnapshot s = store.counters().snapshot();

        assertThat(s.deployments()).isEmpty();
        assertThat(s.errors()).isEmpty();
        assertThat(s.durations()).isEmpty();
        assertThat(s.activeByProvider()).isEmpty();
        assertThat(s.healthAttempts()).isEmpty();
        assertThat(s.lockWaits()).isEmpty();
    }

    @Test
    void healthAttemptsAndLockWaits_areCountedDurably_byProvider() {
        store.counters().recordHealthAttempt("bare_metal", false);
        store.counters().recordHealthAttempt("bare_metal", false);
        store.counters().recordHealthAttempt("bare_metal", true);
        store.counters().recordHealthAttempt("docker", true);
        store.counters().recordLockWait("bare_metal", java.time.Duration.ofMillis(300));
        store.counters().recordLockWait("bare_metal", java.time.Duration.ofMillis(2500));
        store.counters().recordLockWait("docker", java.time.Duration.ZERO);

        MetricSnapshot s = store.counters().snapshot();

        assertThat(s.healthAttempts())
                .containsExactlyInAnyOrder(
                        new MetricSnapshot.HealthAttemptCount("bare_metal", false, 2),
                        new MetricSnapshot.HealthAttemptCount("bare_metal", true, 1),
                        new MetricSnapshot.HealthAttemptCount("docker", true, 1));
        MetricSnapshot.LockWaitHistogram bareMetal = s.lockWaits().stream()
                .filter(h -> h.provider().equals("bare_metal"))
                .findFirst()
                .orElseThrow();
        // bounds 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300 s: cumulative
        assertThat(bareMetal.bucketCounts()).containsExactly(0L, 1L, 1L, 2L, 2L, 2L, 2L, 2L, 2L);
        assertThat(bareMetal.count()).isEqualTo(2);
        assertThat(bareMetal.sumSeconds()).isCloseTo(2.8, within(1e-9));
        assertThat(s.lockWaits())
                .extracting(MetricSnapshot.LockWaitHistogram::provider)
                .containsExactlyInAnyOrder("bare_metal", "docker");
    }

    @Test
    void snapshot_countsEndsByTargetProviderAndStatus_andErrorsByType() {
        finished(API_PROD, "bare_metal", DeploymentStatus.SUCCESS, T0, 3, "v1");
        finished(API_PROD, "bare_metal", DeploymentStatus.SUCCESS, T0.plusSeconds(10), 3, "v2");
        finish(
                started(API_PROD, "bare_metal", T0.plusSeconds(20)),
                DeploymentStatus.ROLLED_BACK,
                T0.plusSeconds(30),
                "v3",
                "health_check_failed");
        finish(
                started(WORKER_PROD, "docker", T0),
                DeploymentStatus.FAILED,
                T0.plusSeconds(2),
                "w1",
                "provider_unreachable");

        MetricSnapshot s = store.counters().snapshot();

        assertThat(s.deployments())
                .containsExactlyInAnyOrder(
                        new DeploymentCount("my_api", "production", "bare_metal", "rolled_back", 1),
                        new DeploymentCount("my_api", "production", "bare_metal", "success", 2),
                        new DeploymentCount("worker", "production", "docker", "failed", 1));
        assertThat(s.errors())
                .containsExactlyInAnyOrder(
                        new ErrorCount("bare_metal", "health_check_failed", 1),
                        new ErrorCount("docker", "provider_unreachable", 1));
    }

    @Test
    void snapshot_histogramBucketsAreCumulative_withSumAndCount() {
        finished(API_PROD, "local", DeploymentStatus.SUCCESS, T0, 3, "v1");
        finished(API_PROD, "local", DeploymentStatus.SUCCESS, T0.plusSeconds(100), 45, "v2");
        finished(API_PROD, "local", DeploymentStatus.SUCCESS, T0.plusSeconds(1000), 4000, "v3");

        DurationHistogram h = store.counters().snapshot().durations().getFirst();

        assertThat(h.fraise()).isEqualTo("my_api");
        assertThat(h.provider()).isEqualTo("local");
        assertThat(h.count()).isEqualTo(3);
        assertThat(h.sumSeconds()).isCloseTo(4048.0, within(1e-6));
        // bounds 1, 5, 10, 30, 60, 120, 300, 600, 900, 1200, 1800
        assertThat(h.bucketCounts()).containsExactly(0L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 2L, 2L, 2L);
        assertThat(h.bucketCounts()).hasSameSizeAs(MetricSnapshot.DURATION_BUCKETS);
    }

    @Test
    void snapshot_activeDeploymentsAreCountedByProvider() {
        started(API_PROD, "local", T0);
        started(API_STAGING, "local", T0);
        started(WORKER_PROD, "docker", T0);
        pending(API_PROD, T0);

        assertThat(store.counters().snapshot().activeByProvider()).isEqualTo(Map.of("local", 2L, "docker", 1L));
    }

    @Test
    void anOperatorsResolution_doesNotCountTheDeploymentTwice() {
        Deployment failed = finish(
                started(API_PROD, "local", T0), DeploymentStatus.FAILED, T0.plusSeconds(5), "v1", "deployment_failed");
        store.deployments()
                .transition(new DeploymentUpdate(
                        failed.id(),
                        DeploymentStatus.FAILED,
                        DeploymentStatus.SUCCESS,
                        0,
                        T0.plusSeconds(60),
                        null,
                        null,
                        Version.of("v1"),
                        null,
                        null,
                        "carol",
                        "checked by hand"));

        MetricSnapshot s = store.counters().snapshot();

        assertThat(s.deployments())
                .extracting(DeploymentCount::status, DeploymentCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("failed", 1L));
        assertThat(s.durations()).extracting(DurationHistogram::count).containsExactly(1L);
        assertThat(List.of(s.errors().getFirst().count())).containsExactly(1L);
    }
}
