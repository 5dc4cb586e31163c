package io.fraisier.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.webhook.it.DeploySite.Restart;
import io.fraisier.webhook.it.ItDatabases.Kind;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The daemon end to end: real HTTP, the real engine, the real store (SQLite and PostgreSQL) and the real
 * {@code local} provider deploying commits of a git repository; daemons run as processes of their own
 * so that they can be killed outright.
 */
class WebhookDurabilityIT {
    private static final Set<DeploymentStatus> OPEN = Set.of(DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void signedPush_isAcknowledged_thenDeployedAtThePushedCommit(Kind kind) throws Exception {
        DeploySite site = new DeploySite(dir).init(0.05);
        String sha = site.commit();
        String url = ItDatabases.fresh(kind, dir);
        try (DaemonProcess daemon = DaemonProcess.start(site.config(1, 2), url, dir.resolve("daemon.log"));
                FraisierStore store = ItDatabases.open(url)) {
            HttpResponse<String> reply = site.push(daemon.port(), 0, sha);

            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
            awaitSettled(store, daemon);
            List<Deployment> all = deployments(store);
            assertThat(all).singleElement().satisfies(d -> {
                assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCESS);
                assertThat(d.requestedVersion().value()).isEqualTo(sha);
            });
            assertThat(site.checkedOut(0)).isEqualTo(sha);
            assertThat(store.webhooks().recent(10))
                    .singleElement()
                    .satisfies(e -> assertThat(e.processed()).isTrue());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fiftyRapidPushesToOneBranch_runAtMostTwoDeployments_andEndOnTheLastCommit(Kind kind) throws Exception {
        DeploySite site = new DeploySite(dir).init(0.05);
        List<String> commits = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            commits.add(site.commit());
        }
        String url = ItDatabases.fresh(kind, dir);
        try (DaemonProcess daemon = DaemonProcess.start(site.config(1, 2), url, dir.resolve("daemon.log"));
                FraisierStore store = ItDatabases.open(url)) {
            // the first deployment to start is held until every push is in, however slow the machine
            site.closeGate();
            for (String sha : commits) {
                assertThat(site.push(daemon.port(), 0, sha).statusCode()).isEqualTo(202);
            }
            site.openGate();
            awaitSettled(store, daemon);

            List<Restart> starts =
                    site.restarts().stream().filter(Restart::start).toList();
            assertThat(starts).hasSizeBetween(1, 2);
            assertThat(starts.getLast().sha()).isEqualTo(commits.getLast());
            assertThat(site.checkedOut(0)).isEqualTo(commits.getLast());
            Map<DeploymentStatus, Long> byStatus = deployments(store).stream()
                    .collect(Collectors.groupingBy(Deployment::status, Collectors.counting()));
            assertThat(byStatus.getOrDefault(DeploymentStatus.SUCCESS, 0L)).isBetween(1L, 2L);
            // the first request to run finds main already at the last commit and deploys that head; the
            // last request, run after it, then finds it up to date
            long skipped = byStatus.getOrDefault(DeploymentStatus.SKIPPED, 0L);
            assertThat(skipped).isLessThanOrEqualTo(1L);
            assertThat(byStatus.get(DeploymentStatus.SUPERSEDED))
                    .isEqualTo(50 - byStatus.get(DeploymentStatus.SUCCESS) - skipped);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void daemonKilledWithPendingWork_resumesItAfterRestart_andLeavesNothingStuck(Kind kind) throws Exception {
        DeploySite site = new DeploySite(dir).init(1.5);
        String sha = site.commit();
        String url = ItDatabases.fresh(kind, dir);
        DaemonProcess first = DaemonProcess.start(site.config(3, 1), url, dir.resolve("daemon-1.log"));
        try (FraisierStore store = ItDatabases.open(url)) {
            for (int target = 0; target < 3; target++) {
                assertThat(site.push(first.port(), target, sha).statusCode()).isEqualTo(202);
            }
            await("a deployment to start", () -> !restartsOrEmpty(site).isEmpty(), first);
            first.kill();
            List<Deployment> atKill = deployments(store);
            assertThat(atKill)
                    .filteredOn(d -> d.status() == DeploymentStatus.PENDING)
                    .hasSize(2);

            try (DaemonProcess second = DaemonProcess.start(site.config(3, 1), url, dir.resolve("daemon-2.log"))) {
                awaitSettled(store, second);
                List<Deployment> after = deployments(store);
                assertThat(after).hasSize(3);
                assertThat(after)
                        .filteredOn(d -> d.status() == DeploymentStatus.INTERRUPTED)
                        .hasSize(1);
                assertThat(after)
                        .filteredOn(d -> d.status() == DeploymentStatus.SUCCESS)
                        .hasSize(2)
                        .allSatisfy(d ->
                                assertThat(site.checkedOut(index(d.target()))).isEqualTo(sha));
                assertThat(store.locks().list()).isEmpty();
                assertThat(store.queue().claimHolders()).isEmpty();
            }
        } finally {
            first.kill();
        }
    }

    @Test
    void twoDaemonsOnOnePostgres_burstOf200_neverOverlapATarget_andLoseNothing() throws Exception {
        int targets = 4;
        DeploySite site = new DeploySite(dir).init(0.05);
        List<String> commits = new ArrayList<>();
        String url = ItDatabases.fresh(Kind.POSTGRES, dir);
        try (DaemonProcess a = DaemonProcess.start(site.config(targets, 2), url, dir.resolve("daemon-a.log"));
                DaemonProcess b = DaemonProcess.start(site.config(targets, 2), url, dir.resolve("daemon-b.log"));
                FraisierStore store = ItDatabases.open(url)) {
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                // ten commits, each pushed 20 times while the deployments of the earlier ones still run
                for (int round = 0; round < 10; round++) {
                    String sha = site.commit();
                    commits.add(sha);
                    List<Future<Integer>> replies = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        int n = round * 20 + i;
                        int port = (n % 2 == 0 ? a : b).port();
                        replies.add(clients.submit(
                                () -> site.push(port, n % targets, sha).statusCode()));
                    }
                    for (Future<Integer> reply : replies) {
                        assertThat(reply.get()).isEqualTo(202);
                    }
                }
            } finally {
                clients.shutdownNow();
            }
            awaitSettled(store, a);

            List<WebhookEvent> events = store.webhooks().recent(1000);
            assertThat(events)
                    .hasSize(200)
                    .allSatisfy(e -> assertThat(e.processed()).isTrue());
            List<Restart> restarts = site.restarts();
            for (int t = 0; t < targets; t++) {
                int target = t;
                assertNoOverlap(restarts, "e" + t);
                List<Deployment> mine = deployments(store).stream()
                        .filter(d -> index(d.target()) == target)
                        .toList();
                Deployment last = mine.stream()
                        .max(Comparator.comparingLong(Deployment::id))
                        .orElseThrow();
                assertThat(last.status()).isIn(DeploymentStatus.SUCCESS, DeploymentStatus.SKIPPED);
                assertThat(site.checkedOut(t)).isEqualTo(commits.getLast());
                // each run deploys its branch's head at the time, so a target never moves back
                List<Integer> deployedInOrder = mine.stream()
                        .filter(d -> d.status() == DeploymentStatus.SUCCESS)
                        .sorted(Comparator.comparing(Deployment::completedAt))
                        .map(d -> commits.indexOf(d.newVersion().value()))
                        .toList();
                assertThat(deployedInOrder).isSorted().doesNotContain(-1);
            }
            assertThat(deployments(store)).noneMatch(d -> OPEN.contains(d.status()));
            // both daemons ran deployments, so the exclusion held across processes, not just threads
            assertThat(a.log()).contains("outcome=succeeded");
            assertThat(b.log()).contains("outcome=succeeded");
        }
    }

    /** Every start of {@code target} is followed by its end before the next start, by timestamp. */
    private static void assertNoOverlap(List<Restart> restarts, String target) {
        List<Restart> mine =
                restarts.stream().filter(r -> r.target().equals(target)).toList();
        assertThat(mine).as("restarts of %s", target).isNotEmpty();
        long lastEnd = Long.MIN_VALUE;
        for (int i = 0; i < mine.size(); i += 2) {
            Restart start = mine.get(i);
            assertThat(start.start())
                    .as("line %d of %s is a start: %s", i, target, mine)
                    .isTrue();
            assertThat(i + 1)
                    .as("%s: a start without its end: %s", target, mine)
                    .isLessThan(mine.size());
            Restart end = mine.get(i + 1);
            assertThat(end.start())
                    .as("%s: two starts in a row (overlap): %s", target, mine)
                    .isFalse();
            assertThat(start.epochMs())
                    .as("%s started before the previous one ended", target)
                    .isGreaterThanOrEqualTo(lastEnd);
            lastEnd = end.epochMs();
        }
    }

    private static int index(Target target) {
        return Integer.parseInt(target.environment().substring(1));
    }

    private static List<Restart> restartsOrEmpty(DeploySite site) {
        try {
            return site.restarts();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static List<Deployment> deployments(FraisierStore store) {
        return store.deployments().history(new HistoryQuery("app", null, null, null, 1000));
    }

    /** Waits until nothing is pending or in progress and no lock is held. */
    private static void awaitSettled(FraisierStore store, DaemonProcess daemon) {
        DaemonProcess.pause(Duration.ofMillis(200));
        await(
                "every deployment to finish",
                () -> !deployments(store).isEmpty()
                        && deployments(store).stream().noneMatch(d -> OPEN.contains(d.status()))
                        && store.locks().list().isEmpty(),
                daemon);
    }

    private static void await(String what, BooleanSupplier condition, DaemonProcess daemon) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; daemon log:\n" + daemon.log());
            }
            DaemonProcess.pause(Duration.ofMillis(100));
        }
    }
}
