package io.fraisier.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.webhook.it.DeploySite.Restart;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: the PostgreSQL server under a running webhook daemon is stopped for a few seconds in
 * the middle of a stream of signed pushes, then started again (a real {@code pg_ctl stop -m fast} and
 * start of a server of this test's own, on the same data directory and port). Invariants: every push
 * answered 2xx is stored; a push the daemon could not store is answered 503 with {@code Retry-After}; no
 * acknowledged deployment is lost and none runs twice; the same daemon process answers 2xx again, and its
 * {@code /health} turns 200, once the database is back.
 */
class DatabaseOutageIT {
    private static final int PUSHES = 90;
    /** Targets e0 and e1 get the main stream; e2 gets a second client's pushes while the database is down. */
    private static final int TARGETS = 3;

    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final Duration SETTLE = Duration.ofSeconds(45);
    private static final Set<DeploymentStatus> OPEN = Set.of(DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS);

    @TempDir
    Path dir;

    @Test
    void postgresStoppedAndStartedUnderLoad_everyAckIsStored_failuresAre503_andTheDaemonRecovers() throws Exception {
        DeploySite site = new DeploySite(dir).init(0.05);
        List<String> commits = new ArrayList<>();
        for (int i = 0; i < PUSHES; i++) {
            commits.add(site.commit());
        }
        try (StoppablePostgres pg = new StoppablePostgres(dir.resolve("pgdata"))) {
            String url = pg.createDatabase("outage");
            try (DaemonProcess daemon = DaemonProcess.start(site.config(TARGETS, 2), url, dir.resolve("daemon.log"));
                    FraisierStore store = ItDatabases.open(url)) {
                List<Reply> replies = Collections.synchronizedList(new ArrayList<>());
                AtomicBoolean down = new AtomicBoolean();
                Thread second = null;
                long outageStarted = 0;
                for (int i = 0; i < PUSHES; i++) {
                    if (i == PUSHES / 3) {
                        pg.stop();
                        down.set(true);
                        outageStarted = System.nanoTime();
                        second = Thread.ofPlatform().start(() -> {
                            // while the database is down, a second client pushes to e2 as fast as answered
                            for (int n = 0; down.get(); n++) {
                                replies.add(push(site, daemon, 1000 + n, 2, commits.get(n % commits.size()), true));
                            }
                        });
                    }
                    if (down.get() && System.nanoTime() - outageStarted > OUTAGE.toNanos()) {
                        pg.start();
                        down.set(false);
                    }
                    replies.add(push(site, daemon, i, i % 2, commits.get(i), down.get()));
                    // pushes during the outage are spread over it, not answered all in its first instant
                    DaemonProcess.pause(Duration.ofMillis(down.get() ? 150 : 20));
                }
                if (down.get()) {
                    pg.start();
                    down.set(false);
                }
                second.join();
                // after the outage, one acknowledged push to e2, so that its last acknowledged commit is known
                replies.add(push(site, daemon, 2000, 2, commits.getLast(), false));

                // the stream went through an outage: some pushes were refused, and acknowledged after it
                assertThat(replies)
                        .as("every reply is an acknowledgement or a 503")
                        .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 202, 503));
                List<Reply> refused =
                        replies.stream().filter(r -> r.status() == 503).toList();
                assertThat(refused).as("pushes refused during the outage").isNotEmpty();
                Reply lastPush = replies.getLast();
                assertThat(lastPush.status())
                        .as(
                                "the same daemon acknowledges again once the database is back: %s\n%s",
                                lastPush, daemon.log())
                        .isIn(200, 202);
                assertThat(health(daemon.port())).as("/health after the outage").isEqualTo(200);

                awaitSettled(store, daemon);

                // every acknowledged push is stored, processed, under its delivery id
                Map<String, WebhookEvent> events = store.webhooks().recent(10_000).stream()
                        .filter(e -> e.deliveryId() != null)
                        .collect(Collectors.toMap(WebhookEvent::deliveryId, e -> e, (a, b) -> a));
                List<Reply> acked =
                        replies.stream().filter(r -> r.status() / 100 == 2).toList();
                assertThat(acked)
                        .as("acknowledged pushes missing from the store")
                        .allSatisfy(r -> assertThat(events).containsKey(r.delivery()));
                assertThat(acked)
                        .allSatisfy(r -> assertThat(events.get(r.delivery()).processed())
                                .as("event of %s processed", r)
                                .isTrue());
                assertThat(refused)
                        .as("a push answered 503 was not stored")
                        .allSatisfy(r -> assertThat(events).doesNotContainKey(r.delivery()));

                // no deployment lost: each target ends at its last acknowledged commit. None ran twice,
                // unless the outage cut off the first run's result: a run whose end could not be stored
                // is not known healthy, so the next push deploys that commit again (and must)
                List<Deployment> rows = deployments(store);
                // the same commit deployed successfully twice on a target only when a run in between
                // ended without a healthy result (the outage cut it off), which leaves the running version
                // in doubt, so the engine deploys it again rather than trusting it
                for (int t = 0; t < TARGETS; t++) {
                    String env = "e" + t;
                    List<Deployment> ran = rows.stream()
                            .filter(d -> d.target().environment().equals(env)
                                    && d.startedAt() != null
                                    && d.completedAt() != null
                                    && d.status() != DeploymentStatus.SKIPPED
                                    && d.status() != DeploymentStatus.SUPERSEDED)
                            .sorted(Comparator.comparing(Deployment::completedAt))
                            .toList();
                    Deployment lastSuccess = null;
                    boolean doubtSince = false;
                    for (Deployment d : ran) {
                        if (d.status() != DeploymentStatus.SUCCESS) {
                            doubtSince = true;
                            continue;
                        }
                        if (lastSuccess != null && Objects.equals(lastSuccess.newVersion(), d.newVersion())) {
                            assertThat(doubtSince)
                                    .as(
                                            "%s deployed %s again (row %d after row %d) with no unhealthy run between: %s",
                                            env, d.newVersion(), d.id(), lastSuccess.id(), ran)
                                    .isTrue();
                        }
                        lastSuccess = d;
                        doubtSince = false;
                    }
                }
                // and every restart of the service belongs to a recorded run of that commit (no run that
                // nothing recorded, no second run of one row)
                Map<String, Long> runs = rows.stream()
                        .filter(d -> d.startedAt() != null
                                && d.newVersion() != null
                                && d.status() != DeploymentStatus.SKIPPED)
                        .collect(Collectors.groupingBy(DatabaseOutageIT::key, Collectors.counting()));
                Map<String, Long> restarts = site.restarts().stream()
                        .filter(Restart::start)
                        .collect(Collectors.groupingBy(r -> r.target() + "@" + r.sha(), Collectors.counting()));
                assertThat(restarts)
                        .as("restarts of a (target, commit) beyond its recorded runs %s", runs)
                        .allSatisfy((k, n) -> assertThat(n).as(k).isLessThanOrEqualTo(runs.getOrDefault(k, 0L)));
                // every commit is on the branch before the first push, so a webhook deployment of an older
                // commit deploys the branch's head instead (stale pushes never move a target back): each
                // target that acknowledged a push ends at the head, whatever its last push named
                Map<Integer, Reply> lastAcked = new HashMap<>();
                acked.forEach(r -> lastAcked.put(r.target(), r));
                for (int t = 0; t < TARGETS; t++) {
                    assertThat(lastAcked)
                            .as("target e%d acknowledged a push", t)
                            .containsKey(t);
                    assertThat(site.checkedOut(t))
                            .as(
                                    "target e%d ends at the branch head after its last acknowledged push %s",
                                    t, lastAcked.get(t))
                            .isEqualTo(commits.getLast());
                }
                List<Deployment> deployments = deployments(store);
                assertThat(deployments).noneMatch(d -> OPEN.contains(d.status()));
                assertThat(store.locks().list()).isEmpty();
                assertThat(daemon.log()).doesNotContain("Unexpected failure");

                // how the refusals read (issue #12 items 1 and 8): when to retry, and nothing about where
                // the database is for an unauthenticated caller
                assertThat(refused)
                        .as("a refused push says when to retry")
                        .allSatisfy(
                                r -> assertThat(r.retryAfter()).as(r.toString()).isNotNull());
                assertThat(refused)
                        .as("a refusal names the database's address")
                        .allSatisfy(r -> assertThat(r.body()).doesNotContain(":" + pg.port));
            }
        }
    }

    private static Reply push(DeploySite site, DaemonProcess daemon, int index, int target, String sha, boolean down) {
        try {
            HttpResponse<String> r = site.push(daemon.port(), target, sha);
            return new Reply(
                    index,
                    target,
                    sha,
                    r.request().headers().firstValue("X-GitHub-Delivery").orElseThrow(),
                    r.statusCode(),
                    r.headers().firstValue("Retry-After").orElse(null),
                    r.body(),
                    down);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Reply(
            int index,
            int target,
            String sha,
            String delivery,
            int status,
            String retryAfter,
            String body,
            boolean duringOutage) {
        @Override
        public String toString() {
            return "push #" + index + " to e" + target + " (" + (duringOutage ? "during" : "outside") + " the outage): "
                    + status + " Retry-After=" + retryAfter + " " + body;
        }
    }

    private static int health(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    private static String key(Deployment d) {
        return d.target().environment() + "@" + d.newVersion().value();
    }

    private static List<Deployment> deployments(FraisierStore store) {
        return store.deployments().history(new HistoryQuery("app", null, null, null, 10_000));
    }

    /**
     * Waits until nothing is pending, in progress or locked, for less than the lock's lease (60 s) and the
     * queue claim's (2 min): what the outage cut off must be mended once the database is back (retried
     * writes, claims given back), not left to lapse.
     */
    private static void awaitSettled(FraisierStore store, DaemonProcess daemon) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        DaemonProcess.pause(Duration.ofMillis(300));
        while (deployments(store).stream().anyMatch(d -> OPEN.contains(d.status()))
                || !store.locks().list().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("deployments still open or locks held " + SETTLE.toSeconds()
                        + " s after the outage: "
                        + deployments(store).stream()
                                .filter(d -> OPEN.contains(d.status()))
                                .toList()
                        + " " + store.locks().list() + "; daemon log:\n" + daemon.log());
            }
            DaemonProcess.pause(Duration.ofMillis(100));
        }
    }

    /**
     * A PostgreSQL server of this test alone (the shared embedded one of {@link ItDatabases} serves other
     * tests of this JVM), stopped and started again on the same data directory and port.
     */
    static final class StoppablePostgres implements AutoCloseable {
        private final Path data;
        private final int port;
        private EmbeddedPostgres server;

        StoppablePostgres(Path data) throws IOException {
            this.data = data;
            try (ServerSocket probe = new ServerSocket(0)) {
                this.port = probe.getLocalPort();
            }
            start();
        }

        void start() throws IOException {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        }

        /** {@code pg_ctl stop}: every connection is cut, new ones are refused until {@link #start()}. */
        void stop() throws IOException {
            server.close();
            server = null;
        }

        String createDatabase(String name) throws Exception {
            String admin = "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
            try (Connection c = DriverManager.getConnection(admin);
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return "jdbc:postgresql://localhost:" + port + "/" + name + "?user=postgres";
        }

        @Override
        public void close() throws IOException {
            if (server != null) {
                server.close();
            }
        }
    }
}
