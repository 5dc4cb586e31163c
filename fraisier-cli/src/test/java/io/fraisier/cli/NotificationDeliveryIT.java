package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.providers.notify.HttpChannels;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications end to end through the command line, a real SQLite file and a real HTTP receiver listening
 * on loopback: a receiver that is down costs the deployment nothing, the message waits in the outbox and is
 * delivered, once, by a later run when the receiver is back; the secret reaches neither the database nor
 * any output.
 */
class NotificationDeliveryIT {
    private static final String SECRET = "whsec-7f3a9c1e5b";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final ScriptedProviderFactory local = new ScriptedProviderFactory("local");
    final List<Received> received = new CopyOnWriteArrayList<>();
    CliRun cli;
    int port;
    HttpServer receiver;

    record Received(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free now; nothing listens until the receiver "comes back"
        }
        Files.writeString(dir.resolve("fraises.yaml"), """
                notifications:
                  link_template: https://fraisier.example.com/deployments/{id}
                  channels:
                    - type: webhook
                      name: ops
                      url: http://127.0.0.1:%d/hook
                      secret: ${FRAISIER_NOTIFY_SECRET}
                fraises:
                  my_api:
                    type: api
                    environments:
                      production:
                        provider: local
                        app_path: /srv/my-api
                """.formatted(port));
        cli = new CliRun(dir)
                .wiring(builder -> builder.provider(local))
                .env("FRAISIER_NOTIFY_SECRET", SECRET)
                .env("FRAISIER_NOTIFICATION_RETRY_SECONDS", "0.2");
        local.target(Target.of("my_api", "production"))
                .running(Version.of("v0"))
                .defaultTarget(Version.of("v1"));
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        receiver.createContext("/", exchange -> {
            received.add(new Received(
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @Test
    void receiverDown_deploymentStillSucceedsQuickly_thenTheNextRunDeliversOnce() throws Exception {
        // the first run of the JVM creates and migrates the database: not what is measured here
        assertThat(cli.run("notifications").exit()).isZero();
        long start = System.nanoTime();
        CliRun.Result deploy = cli.run("deploy", "my_api", "production");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(deploy.exit()).as(deploy.toString()).isZero();
        assertThat(millis)
                .as("a receiver that is down must not hold the deployment: %s", deploy)
                .isLessThan(5_000);
        JsonNode pending = list("notifications");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).path("state").asText()).isEqualTo("pending");
        assertThat(pending.get(0).path("channel").asText()).isEqualTo("ops");
        assertThat(pending.get(0).path("attempts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(pending.get(0).path("last_error").asText()).contains("cannot connect to 127.0.0.1:" + port);

        startReceiver();
        Thread.sleep(1_000); // past the (shortened) backoff
        CliRun.Result next = cli.run("status", "my_api", "production");
        assertThat(next.exit()).as(next.toString()).isZero();

        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.path()).isEqualTo("/hook");
        assertThat(r.header(HttpChannels.SIGNATURE_HEADER))
                .as("the receiver can check the body with the shared secret")
                .isEqualTo(HttpChannels.signature(Secret.of(SECRET), r.body()));
        assertThat(r.header(HttpChannels.DELIVERY_HEADER))
                .isEqualTo(pending.get(0).path("delivery_id").asText());
        assertThat(r.header(HttpChannels.EVENT_HEADER)).isEqualTo("deployment.success");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("fraise").asText()).isEqualTo("my_api");
        assertThat(body.path("environment").asText()).isEqualTo("production");
        assertThat(body.path("status").asText()).isEqualTo("success");
        assertThat(body.path("old_version").path("full").asText()).isEqualTo("v0");
        assertThat(body.path("new_version").path("full").asText()).isEqualTo("v1");
        assertThat(body.path("trigger").asText()).isEqualTo("cli");
        assertThat(body.path("duration_seconds").isNumber()).isTrue();
        assertThat(body.path("link").asText()).isEqualTo("https://fraisier.example.com/deployments/1");

        // delivered: later runs send nothing again
        CliRun.Result again = cli.run("status", "my_api", "production");
        assertThat(again.exit()).isZero();
        assertThat(received).hasSize(1);
        assertThat(list("notifications")).isEmpty();
        JsonNode all = list("notifications", "--all");
        assertThat(all).hasSize(1);
        assertThat(all.get(0).path("state").asText()).isEqualTo("delivered");

        // the secret is in no output, and nowhere in the database files
        for (CliRun.Result result : List.of(deploy, next, again)) {
            assertThat(result.out() + result.err()).doesNotContain(SECRET);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().equals("fraises.yaml")) {
                    continue;
                }
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .as(f.toString())
                        .doesNotContain(SECRET);
            }
        }
    }

    @Test
    void notificationsCommand_withNothingConfiguredOrWaiting_saysSo() {
        CliRun.Result r = cli.run("notifications");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("No notification waiting: every one was delivered (see --all).\n");
    }

    private JsonNode list(String... args) throws IOException {
        String[] full =
                Stream.concat(Stream.of(args), Stream.of("--output", "json")).toArray(String[]::new);
        CliRun.Result r = cli.run(full);
        assertThat(r.exit()).as(r.toString()).isZero();
        return JSON.readTree(r.out()).path("notifications");
    }
}
