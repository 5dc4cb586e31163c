package io.fraisier.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The training run behind the daemon's JDK AOT cache ({@code src/aot/train.sh}, run at package time with
 * {@code -XX:AOTCacheOutput}): starts the daemon through {@link WebhookMain#main} as the launcher does, on a
 * throw-away SQLite store, waits for {@code GET /health} 200, asks {@code /metrics}, sends a signed GitHub
 * push, a ping and a push with a wrong signature, then exits; the daemon's shutdown hook stops it as
 * SIGTERM would, and the JVM writes the cache on the way out. Not part of the daemon.
 *
 * <p>Argument: an empty folder for the config and the store. Exit status 0 when every answer was the
 * expected one, 1 otherwise (train.sh then keeps no cache).
 */
public final class AotTraining {
    private static final String SECRET = "aot-training-secret";
    private static final long STARTUP_TIMEOUT_MILLIS = 120_000;

    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: AotTraining WORK_FOLDER");
            System.exit(2);
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        int port = freePort();
        Path config = work.resolve("fraises.yaml");
        Files.writeString(
                config,
                """
                database:
                  type: sqlite
                  path: %s
                webhook:
                  address: 127.0.0.1
                  port: %d
                git:
                  github: { webhook_secret: %s }
                fraises:
                  demo:
                    type: api
                    environments:
                      production:
                        provider: local
                        app_path: %s
                """.formatted(work.resolve("fraisier.db"), port, SECRET, work.resolve("app")),
                StandardCharsets.UTF_8);
        Thread daemon = new Thread(() -> WebhookMain.main(new String[] {"-c", config.toString()}), "aot-daemon");
        daemon.setDaemon(true);
        daemon.start();

        boolean ok = awaitHealth(port);
        ok &= expect(port, "GET", "/metrics", "", null, 200);
        String push = """
                {"ref":"refs/heads/aot-training","before":"b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327",\
                "after":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","created":false,"deleted":false,\
                "forced":false,"repository":{"full_name":"octo/my-api"},"pusher":{"name":"octocat"},\
                "sender":{"login":"octocat"},"head_commit":null}""";
        ok &= expect(port, "POST", "/webhook", push, github("push", "aot-1", sign(SECRET, push)), 200);
        String ping = """
                {"zen":"Keep it logically awesome.","hook_id":42,"repository":{"full_name":"octo/my-api"},\
                "sender":{"login":"octocat"}}""";
        ok &= expect(port, "POST", "/webhook", ping, github("ping", "aot-2", sign(SECRET, ping)), 200);
        ok &= expect(port, "POST", "/webhook", push, github("push", "aot-3", sign("wrong", push)), 401);
        ok &= expect(port, "GET", "/health", "", null, 200);
        // the shutdown hook stops the daemon (as SIGTERM does); the JVM then writes the cache
        System.exit(ok ? 0 : 1);
    }

    private static boolean awaitHealth(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + STARTUP_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (request(port, "GET", "/health", "", null) == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        System.err.println("AOT training: no /health 200 within " + STARTUP_TIMEOUT_MILLIS + " ms");
        return false;
    }

    private static boolean expect(
            int port, String method, String path, String body, @Nullable String headers, int status)
            throws IOException {
        int answered = request(port, method, path, body, headers);
        if (answered != status) {
            System.err.println("AOT training: " + method + " " + path + " answered " + answered + ", not " + status);
            return false;
        }
        return true;
    }

    private static String github(String event, String delivery, String signature) {
        return "X-GitHub-Event: " + event + "\r\nX-GitHub-Delivery: " + delivery + "\r\nX-Hub-Signature-256: sha256="
                + signature + "\r\nContent-Type: application/json\r\n";
    }

    /** One HTTP/1.1 request on its own connection; returns the status code. */
    private static int request(int port, String method, String path, String body, @Nullable String headers)
            throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                            + (headers == null ? "" : headers)
                            + "Content-Length: " + content.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // "HTTP/1.1 200 OK"
            String[] statusLine = answer.lines().findFirst().orElse("").split(" ");
            return statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
        }
    }

    private static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
