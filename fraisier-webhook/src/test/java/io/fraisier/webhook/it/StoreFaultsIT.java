package io.fraisier.webhook.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.webhook.Payloads;
import io.fraisier.webhook.TestConfigs;
import io.fraisier.webhook.WebhookServer;
import io.fraisier.webhook.it.ItDatabases.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's write path when the store cannot write: a full disk under SQLite (a real 1 MiB tmpfs,
 * which needs root to mount) and a read-only or unreachable PostgreSQL. Every 2xx answer must name an
 * event that is really stored; every failure is 503 with {@code Retry-After} and names no database;
 * {@code /health} says so within a second and recovers.
 */
class StoreFaultsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The usual test configuration, without a rate limit that hundreds of pushes would reach. */
    private static final FraisierConfig CONFIG =
            TestConfigs.config(TestConfigs.git("github"), TestConfigs.webhook(1_000_000, List.of()));

    @TempDir
    Path dir;

    @Test
    void sqliteOnAFullDisk_storesEveryAcknowledgedDelivery_answers503Otherwise_andHealthSaysSo() throws Exception {
        Path disk = dir.resolve("disk");
        Files.createDirectories(disk);
        mountTmpfs(disk);
        try {
            String url = "sqlite:" + disk.resolve("fraisier.db");
            Map<String, Long> acknowledged = new HashMap<>();
            int refused = 0;
            try (FraisierStore store = ItDatabases.open(url);
                    WebhookServer server = daemonOn(store)) {
                assertThat(push(server, "before", "refs/heads/main").statusCode())
                        .isEqualTo(202);
                assertThat(get(server, "/health").statusCode()).isEqualTo(200);

                Path filler = fill(disk);
                for (int i = 0; i < 300; i++) {
                    String delivery = "full-" + i;
                    HttpResponse<String> reply =
                            push(server, delivery, i % 2 == 0 ? "refs/heads/main" : "refs/heads/x");
                    if (reply.statusCode() / 100 == 2) {
                        acknowledged.put(
                                delivery,
                                JSON.readTree(reply.body()).path("event").asLong());
                    } else {
                        refused++;
                        assertUnavailable(reply, disk.toString());
                    }
                }
                assertThat(refused)
                        .as("the disk was full: some deliveries cannot have been stored")
                        .isPositive();
                HttpResponse<String> sick = get(server, "/health");
                assertUnavailable(sick, disk.toString());
                // no write failed for a while: the probe itself finds the disk full
                Thread.sleep(6_000);
                assertUnavailable(get(server, "/health"), disk.toString());

                Files.delete(filler);
                awaitHealthy(server);
                pushAcknowledged(server, "after", acknowledged);
            }
            assertEveryAcknowledgedStoredAfterARestart(url, acknowledged);
        } finally {
            new ProcessBuilder("umount", "-l", disk.toString())
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    /**
     * The SQLite file moved away (or deleted) under the running daemon: SQLite would go on writing into the file
     * it has open, which no path names, and every push acknowledged then would be missing after a restart. The
     * daemon answers 503 instead (the git host retries) and /health says so; put back, the file is written again.
     */
    @Test
    void sqliteFileMovedAwayUnderTheDaemon_answers503_untilItIsBack_andLosesNothingAcknowledged() throws Exception {
        Path file = dir.resolve("fraisier.db");
        Path away = dir.resolve("moved-by-a-cleanup.db");
        String url = "sqlite:" + file;
        Map<String, Long> acknowledged = new HashMap<>();
        try (FraisierStore store = ItDatabases.open(url);
                WebhookServer server = daemonOn(store)) {
            pushAcknowledged(server, "before", acknowledged);

            Files.move(file, away);
            for (int i = 0; i < 5; i++) {
                assertUnavailable(push(server, "moved-" + i, "refs/heads/main"), dir.toString());
            }
            // the answer before the move may be reused for up to a second
            Thread.sleep(1_100);
            assertHealthAnswersUnavailableQuickly(server, dir.toString());

            Files.move(away, file);
            awaitHealthy(server);
            pushAcknowledged(server, "moved-0", acknowledged);
        }
        assertEveryAcknowledgedStoredAfterARestart(url, acknowledged);
    }

    @Test
    void postgresMadeReadOnly_answers503WithoutNamingIt_andHealthSaysSoWithinASecond() throws Exception {
        String url = ItDatabases.fresh(Kind.POSTGRES, dir);
        String where = URI.create(url.substring("jdbc:".length())).getHost() + ":"
                + URI.create(url.substring("jdbc:".length())).getPort();
        Map<String, Long> acknowledged = new HashMap<>();
        try (FraisierStore store = ItDatabases.open(url);
                WebhookServer server = daemonOn(store)) {
            pushAcknowledged(server, "before", acknowledged);

            readOnly(url, true);
            try {
                for (int i = 0; i < 20; i++) {
                    HttpResponse<String> reply =
                            push(server, "ro-" + i, i % 2 == 0 ? "refs/heads/main" : "refs/heads/x");
                    assertUnavailable(reply, where);
                }
                assertHealthAnswersUnavailableQuickly(server, where);
            } finally {
                readOnly(url, false);
            }
            awaitHealthy(server);
            HttpResponse<String> after = push(server, "ro-0", "refs/heads/main");
            assertThat(after.statusCode()).as(after.body()).isEqualTo(202);
            acknowledged.put("ro-0", JSON.readTree(after.body()).path("event").asLong());
            assertEveryAcknowledgedStored(store, acknowledged);
        }
    }

    @Test
    void postgresRefusingConnections_healthAnswers503WithinASecond() throws Exception {
        String url = ItDatabases.fresh(Kind.POSTGRES, dir);
        String where = URI.create(url.substring("jdbc:".length())).getPort() + "";
        try (FraisierStore store = ItDatabases.open(url);
                WebhookServer server = daemonOn(store)) {
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            allowConnections(url, false);
            // the answer before the cut may be reused for up to a second
            Thread.sleep(1_100);
            try {
                for (int i = 0; i < 3; i++) {
                    assertHealthAnswersUnavailableQuickly(server, where);
                    Thread.sleep(400);
                }
            } finally {
                allowConnections(url, true);
            }
            awaitHealthy(server);
        }
    }

    private static void assertHealthAnswersUnavailableQuickly(WebhookServer server, String where) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> health = get(server, "/health");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertUnavailable(health, where);
        assertThat(millis).as("/health answered in %d ms", millis).isLessThan(1_500);
    }

    private static void assertUnavailable(HttpResponse<String> reply, String where) throws Exception {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(503);
        assertThat(reply.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.path("type").asText()).endsWith("database_unavailable");
        assertThat(reply.body())
                .doesNotContain(where)
                .doesNotContainIgnoringCase("jdbc")
                .doesNotContainIgnoringCase("sqlite")
                .doesNotContainIgnoringCase("foreign key")
                .doesNotContainIgnoringCase("insert");
    }

    /** A started daemon with the test configuration on {@code store}. */
    private static WebhookServer daemonOn(FraisierStore store) {
        return new WebhookServer(TestConfigs.fraisier(CONFIG, store, Clock.systemUTC()), Clock.systemUTC()).start();
    }

    /** Pushes {@code delivery} to a store that can write: it must be acknowledged (202), and is recorded. */
    private static void pushAcknowledged(WebhookServer server, String delivery, Map<String, Long> acknowledged)
            throws Exception {
        HttpResponse<String> after = push(server, delivery, "refs/heads/main");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(202);
        acknowledged.put(delivery, JSON.readTree(after.body()).path("event").asLong());
    }

    /** Reopened, as after a restart: every acknowledged delivery is there, under the id it was given. */
    private static void assertEveryAcknowledgedStoredAfterARestart(String url, Map<String, Long> acknowledged) {
        try (FraisierStore reopened = ItDatabases.open(url)) {
            assertEveryAcknowledgedStored(reopened, acknowledged);
        }
    }

    private static void assertEveryAcknowledgedStored(FraisierStore store, Map<String, Long> acknowledged) {
        Map<Long, WebhookEvent> byId = store.webhooks().recent(100_000).stream()
                .collect(Collectors.toMap(WebhookEvent::id, Function.identity()));
        acknowledged.forEach((delivery, id) -> assertThat(byId.get(id))
                .as("acknowledged delivery %s as event %d", delivery, id)
                .isNotNull()
                .satisfies(e -> assertThat(e.deliveryId()).isEqualTo(delivery))
                .satisfies(e -> assertThat(e.processed()).isTrue()));
        List<Deployment> deployments = store.deployments().history(new HistoryQuery(null, null, null, null, 100_000));
        for (WebhookEvent e : byId.values()) {
            if (acknowledged.containsValue(e.id()) && "main".equals(e.ref())) {
                assertThat(deployments)
                        .as("the deployment of event %d", e.id())
                        .anySatisfy(d -> assertThat(d.webhookEventId()).isEqualTo(e.id()));
            }
        }
    }

    private static HttpResponse<String> push(WebhookServer server, String delivery, String ref) throws Exception {
        String body = Payloads.githubPush(ref, Payloads.SHA, false);
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/webhook"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("X-GitHub-Event", "push")
                        .header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature-256", "sha256=" + Payloads.hmacHex(TestConfigs.GITHUB_SECRET, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(WebhookServer server, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitHealthy(WebhookServer server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        HttpResponse<String> health;
        do {
            Thread.sleep(200);
            health = get(server, "/health");
        } while (health.statusCode() != 200 && System.nanoTime() < deadline);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    }

    private static void mountTmpfs(Path disk) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(mount.getInputStream().readAllBytes());
        Assumptions.assumeTrue(
                mount.waitFor() == 0,
                "skipped: mounting a 1 MiB tmpfs for the full-disk test needs root (run the tests as root, as CI"
                        + " does): " + out.strip());
    }

    /** Fills the file system holding {@code disk} to the last byte; returns the filler file. */
    private static Path fill(Path disk) throws IOException {
        Path filler = disk.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int chunk : new int[] {65_536, 4_096, 1}) {
                byte[] bytes = new byte[chunk];
                try {
                    while (true) {
                        out.write(bytes);
                        out.flush();
                    }
                } catch (IOException full) {
                    // the next, smaller chunk fills what is left
                }
            }
        } catch (IOException closing) {
            // closing flushes nothing more
        }
        return filler;
    }

    private static void readOnly(String url, boolean on) throws Exception {
        String name = databaseName(url);
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = off");
            s.execute("ALTER DATABASE " + name
                    + (on ? " SET default_transaction_read_only = on" : " RESET default_transaction_read_only"));
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                    + "' AND pid <> pg_backend_pid()");
        }
    }

    private static void allowConnections(String url, boolean allow) throws Exception {
        String name = databaseName(url);
        String admin = url.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1postgres");
        try (Connection c = DriverManager.getConnection(admin);
                Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + allow);
            if (!allow) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }
        }
    }

    private static String databaseName(String url) {
        return url.replaceFirst("^jdbc:postgresql://[^/]+/([^?]*).*$", "$1");
    }
}
