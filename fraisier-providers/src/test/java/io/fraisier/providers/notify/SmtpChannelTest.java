package io.fraisier.providers.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.DeploymentStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The e-mail channel against an SMTP server listening on loopback in this JVM: a small RFC 5321 server
 * (greeting, EHLO, AUTH PLAIN, MAIL, RCPT, DATA with dot-unstuffing, QUIT) that records what it received.
 */
class SmtpChannelTest {
    private static final String PASSWORD = "smtp-pw-5544";

    final List<String> commands = new CopyOnWriteArrayList<>();
    final StringBuilder data = new StringBuilder();
    ServerSocket listener;
    Thread serverThread;

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (serverThread != null) {
            serverThread.join(5000);
        }
    }

    private int startServer(boolean offerStarttls) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        serverThread = Thread.ofPlatform().daemon(true).start(() -> {
            try (Socket s = listener.accept()) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = s.getOutputStream();
                reply(out, "220 test ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line);
                    String verb = line.split(" ")[0].toUpperCase(java.util.Locale.ROOT);
                    switch (verb) {
                        case "EHLO" ->
                            reply(out, "250-test\r\n" + (offerStarttls ? "250-STARTTLS\r\n" : "") + "250 AUTH PLAIN");
                        case "AUTH" -> reply(out, "235 2.7.0 ok");
                        case "MAIL", "RCPT" -> reply(out, "250 2.1.0 ok");
                        case "DATA" -> {
                            reply(out, "354 go ahead");
                            String d;
                            while (!(d = in.readLine()).equals(".")) {
                                data.append(d.startsWith("..") ? d.substring(1) : d)
                                        .append('\n');
                            }
                            reply(out, "250 2.0.0 queued");
                        }
                        case "QUIT" -> {
                            reply(out, "221 bye");
                            return;
                        }
                        default -> reply(out, "502 no");
                    }
                }
            } catch (IOException e) {
                // the test closed the listener
            }
        });
        return listener.getLocalPort();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private NotificationChannel channel(int port, boolean starttls) {
        return new NotificationChannel(
                "mail",
                "email",
                Set.of(DeploymentStatus.FAILED),
                Map.of(
                        "host", "127.0.0.1",
                        "port", Integer.toString(port),
                        "starttls", Boolean.toString(starttls),
                        "user", "fraisier",
                        "from", "fraisier@example.com"),
                Map.of("password", Secret.of(PASSWORD)),
                Map.of("to", List.of("ops@example.com", "oncall@example.com")));
    }

    @Test
    void sendsAPlainTextMail_toEveryRecipient_withTheDeploymentsDetails() throws Exception {
        int port = startServer(false);

        new SmtpChannel()
                .send(
                        channel(port, false),
                        Messages.message("mail", "email", Messages.failedBody()),
                        Duration.ofSeconds(5));
        serverThread.join(5000);

        assertThat(commands)
                .containsExactly(
                        "EHLO fraisier",
                        "AUTH PLAIN "
                                + Base64.getEncoder()
                                        .encodeToString(("\0fraisier\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
                        "MAIL FROM:<fraisier@example.com>",
                        "RCPT TO:<ops@example.com>",
                        "RCPT TO:<oncall@example.com>",
                        "DATA",
                        "QUIT");
        String mail = data.toString();
        assertThat(mail)
                .contains("From: fraisier@example.com\n", "To: ops@example.com, oncall@example.com\n")
                .contains("Subject: =?UTF-8?B?") // the summary has an arrow: an encoded word
                .contains("X-Fraisier-Delivery: d-42\n", "Content-Type: text/plain; charset=UTF-8\n")
                .contains("Fraise: my_api\n", "Environment: production\n", "Status: rolled_back\n")
                .contains("Old version: abc1234def5678abc1234def5678abc1234def56\n")
                .contains("Error: GET /health answered 503\n", "Link: https://ci.example.com/d/42\n")
                .doesNotContain(PASSWORD);
    }

    @Test
    void starttlsRequired_butNotOffered_isAnError_neverAFallbackToClearText() throws Exception {
        int port = startServer(false);

        assertThatThrownBy(() -> new SmtpChannel()
                        .send(
                                channel(port, true),
                                Messages.message("mail", "email", Messages.failedBody()),
                                Duration.ofSeconds(5)))
                .isInstanceOf(DeliveryFailure.class)
                .hasMessageContaining("does not offer STARTTLS");
        assertThat(commands).containsExactly("EHLO fraisier");
    }

    @Test
    void aServerStreamingAnEndlessGreetingLine_isCutOff_notReadIntoMemoryUntilTheDeadline() throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        serverThread = Thread.ofPlatform().daemon(true).start(() -> {
            try (Socket s = listener.accept()) {
                OutputStream out = s.getOutputStream();
                byte[] chunk = "220-".repeat(256).getBytes(StandardCharsets.US_ASCII);
                while (true) { // every write arrives in time: no read ever times out
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });

        long started = System.nanoTime();
        assertThatThrownBy(() -> new SmtpChannel()
                        .send(
                                channel(listener.getLocalPort(), false),
                                Messages.message("mail", "email", Messages.failedBody()),
                                Duration.ofSeconds(30)))
                .isInstanceOf(DeliveryFailure.class)
                .hasMessageContaining("reply line longer than");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void serverThatIsDown_failsFast() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        assertThatThrownBy(() -> new SmtpChannel()
                        .send(
                                channel(port, false),
                                Messages.message("mail", "email", Messages.failedBody()),
                                Duration.ofSeconds(5)))
                .isInstanceOf(DeliveryFailure.class)
                .hasMessage("cannot connect to 127.0.0.1:" + port + " (connection refused or unreachable)");
    }
}
