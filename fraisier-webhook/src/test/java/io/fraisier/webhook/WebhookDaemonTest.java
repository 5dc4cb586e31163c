package io.fraisier.webhook;

import static io.fraisier.webhook.Payloads.SHA;
import static io.fraisier.webhook.Payloads.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import io.fraisier.testkit.fake.ScriptedProvider;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workers run what the receiver queues; stopping drains them. */
class WebhookDaemonTest {
    private static final Target PRODUCTION = Target.of("my_api", "production");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final ScriptedProviderFactory bareMetal = new ScriptedProviderFactory("bare_metal");
    private final Fraisier fraisier =
            TestConfigs.fraisier(TestConfigs.config(), store, clock, bareMetal, new ScriptedProviderFactory("docker"));
    private WebhookDaemon daemon;

    @AfterEach
    void stop() {
        bareMetal.target(PRODUCTION).releaseHang();
        if (daemon != null) {
            daemon.stop();
        }
    }

    private HttpResponse<String> push(String delivery) throws Exception {
        return push(daemon.port(), delivery);
    }

    private HttpResponse<String> push(int port, String delivery) throws Exception {
        String payload = Payloads.githubPush("refs/heads/main", SHA, false);
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook"))
                        .header("Content-Type", "application/json")
                        .header("X-GitHub-Event", "push")
                        .header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature-256", "sha256=" + hmacHex(TestConfigs.GITHUB_SECRET, payload))
                        .POST(HttpRequest.BodyPublishers.ofString(payload))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Deployment only() {
        return store.allDeployments().getFirst();
    }

    /** Waits for something the workers do on their own threads (bounded; no fixed sleeps). */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
            Thread.sleep(5);
        }
    }

    @Test
    void pushedDeployment_isClaimedAndRunByAWorkerToSuccess() throws Exception {
        daemon = new WebhookDaemon(fraisier, clock, Duration.ofSeconds(5)).start();

        assertThat(push("w-1").statusCode()).isEqualTo(202);

        await(() -> only().status() == DeploymentStatus.SUCCESS);
        assertThat(bareMetal.target(PRODUCTION).deployed()).containsExactly(SHA);
        assertThat(store.queue().depth()).isZero();
        // the deployment's lock wait reached the store's durable counters, which /metrics serves
        HttpResponse<String> metrics = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body().split("\n"))
                .contains(
                        "fraisier_lock_wait_seconds_count{provider=\"bare_metal\"} 1",
                        "fraisier_lock_wait_seconds_count{provider=\"docker\"} 0",
                        "fraisier_health_check_attempts_total{provider=\"docker\",result=\"healthy\"} 0.0");
        assertThat(metrics.body()).contains("fraisier_health_check_attempts_total{provider=\"bare_metal\"");
    }

    @Test
    void aPushQueuedBeforeTheTargetWasFrozen_isCancelledAsFrozenWhenAWorkerPicksItUp_notDeployed() throws Exception {
        ScriptedProvider provider = bareMetal.target(PRODUCTION).hang();
        daemon = new WebhookDaemon(fraisier, clock, Duration.ofSeconds(10)).start();
        assertThat(push("f-1").statusCode()).isEqualTo(202);
        await(() -> only().status() == DeploymentStatus.IN_PROGRESS);
        // a second push waits in the queue behind the running deployment's lock
        assertThat(push("f-2").statusCode()).isEqualTo(202);
        Deployment queued = store.allDeployments().stream()
                .filter(d -> d.status() == DeploymentStatus.PENDING)
                .findFirst()
                .orElseThrow();
        fraisier.freeze(PRODUCTION, null, "incident 42", "alice@ops1");

        provider.releaseHang();
        await(() -> store.deployments().find(queued.id()).orElseThrow().status() != DeploymentStatus.PENDING);

        assertThat(store.deployments().find(queued.id()).orElseThrow()).satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeploymentStatus.CANCELLED);
            assertThat(d.errorType()).isEqualTo("frozen");
            assertThat(d.errorMessage())
                    .contains("frozen before it ran", "manual freeze set by alice@ops1", "incident 42");
        });
        assertThat(store.allEvents()).anySatisfy(e -> assertThat(e.message()).startsWith("frozen before it ran"));
        // only the first push (running when the freeze was set) was deployed
        assertThat(provider.deployed()).containsExactly(SHA);
        assertThat(store.queue().depth()).isZero();
        assertThat(store.locks().list()).isEmpty();
    }

    @Test
    void stop_letsTheRunningDeploymentFinish_andAPushDuringTheDrainIsKeptForTheNextStart() throws Exception {
        ScriptedProvider provider = bareMetal.target(PRODUCTION).hang();
        daemon = new WebhookDaemon(fraisier, clock, Duration.ofSeconds(10)).start();
        push("w-2");
        await(() -> only().status() == DeploymentStatus.IN_PROGRESS);
        assertThat(daemon.workers().busy()).isEqualTo(1);

        WebhookDaemon stopping = daemon;
        daemon = null;
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(stopping::stop);
        await(() -> health(stopping.port()) == 503);
        // GitHub does not redeliver a failed delivery on its own: a push during the drain is stored, not lost
        HttpResponse<String> during = push(stopping.port(), "w-3");
        assertThat(during.statusCode()).isEqualTo(202);
        assertThat(during.body()).contains("this daemon is stopping");
        assertThat(stopped).isNotDone();
        provider.releaseHang();
        stopped.get();

        assertThat(store.allDeployments()).hasSize(2);
        assertThat(store.allDeployments().get(0).status()).isEqualTo(DeploymentStatus.SUCCESS);
        Deployment kept = store.allDeployments().get(1);
        assertThat(kept.status()).isEqualTo(DeploymentStatus.PENDING);
        assertThat(store.queue().depth()).isEqualTo(1);

        // the next daemon on the database runs it
        daemon = new WebhookDaemon(fraisier, clock, Duration.ofSeconds(10)).start();
        await(() -> store.deployments().find(kept.id()).orElseThrow().status().isTerminal());
        assertThat(store.deployments().find(kept.id()).orElseThrow().status())
                .isIn(DeploymentStatus.SUCCESS, DeploymentStatus.SKIPPED);
    }

    private int health(int port) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void stop_whenTheDrainTimeRunsOut_interruptsAndSaysHowManyWereUnfinished() throws Exception {
        bareMetal.target(PRODUCTION).hang();
        DeploymentWorkers workers = new DeploymentWorkers(fraisier, 1, clock, Duration.ofSeconds(1));
        fraisier.enqueue(DeployRequest.of(PRODUCTION).withVersion(Version.of(SHA)));
        workers.start();
        await(() -> workers.busy() == 1);

        int unfinished = workers.stop(Duration.ofMillis(50));

        assertThat(unfinished).isEqualTo(1);
        await(() -> only().status().isTerminal());
    }

    @Test
    void stop_givesBackClaimsThatNeverStarted() {
        DeploymentWorkers workers = new DeploymentWorkers(fraisier, 2, clock, Duration.ofSeconds(1));
        fraisier.enqueue(DeployRequest.of(PRODUCTION).withVersion(Version.of(SHA)));
        assertThat(store.queue().claimNext(workers.workerIds().get(1), clock.instant()))
                .isPresent();
        assertThat(store.queue().depth()).isZero();

        workers.stop(Duration.ZERO);

        assertThat(store.queue().depth()).isEqualTo(1);
        assertThat(only().status()).isEqualTo(DeploymentStatus.PENDING);
    }

    @Test
    void aRowThatCouldNotStartForTheDatabase_isGivenBackAndRunsOnceTheDatabaseIsBack() throws Exception {
        // the database refuses the start of the row and the record of its failure through the engine's
        // retries for a few turns, then answers again (the start's refusals run out first, so no turn
        // records the row failed): each time the row stays pending under the worker's claim, which would
        // hold it for the claim's lease (minutes, on a clock nothing else moves) unless the worker gives it
        // back
        FraisierException refused =
                new FraisierException(ErrorCode.DATABASE_UNAVAILABLE, "connection to db:5432 lost", null);
        store.failTransitionsTo(DeploymentStatus.IN_PROGRESS, refused, 30);
        store.failTransitionsTo(DeploymentStatus.FAILED, refused, 30);
        Fraisier retrying = Fraisier.builder()
                .config(TestConfigs.config())
                .store(store)
                .clock(clock)
                .sleeper(clock::advance) // the engine's retries wait on the test's clock, not for real
                .provider(bareMetal, new ScriptedProviderFactory("docker"))
                .discoverListeners(false)
                .environment(Map.of())
                .holderId("test-host:1")
                .build();
        DeploymentWorkers workers = new DeploymentWorkers(retrying, 1, clock, Duration.ofMillis(20));
        Deployment queued = retrying.enqueue(DeployRequest.of(PRODUCTION).withVersion(Version.of(SHA)));
        workers.start();
        try {
            await(() -> store.deployments().find(queued.id()).orElseThrow().status() == DeploymentStatus.SUCCESS);
        } finally {
            workers.stop(Duration.ofSeconds(5));
        }
        assertThat(bareMetal.target(PRODUCTION).deployed()).containsExactly(SHA);
        assertThat(store.allDeployments()).hasSize(1);
        assertThat(store.locks().list()).isEmpty();
        assertThat(store.queue().claimHolders()).isEmpty();
    }

    @Test
    void workerIds_nameThisProcessAndTheWorker() {
        DeploymentWorkers workers = new DeploymentWorkers(fraisier, 2, clock, Duration.ofSeconds(1));

        assertThat(workers.workerIds()).containsExactly("test-host:1/worker-1", "test-host:1/worker-2");
    }
}
