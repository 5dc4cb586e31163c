package io.fraisier.providers.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.Notification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@code email} channel: a plain-text mail over SMTP (RFC 5321), with {@code STARTTLS} (RFC 3207) when
 * {@code starttls: true} — then the server's certificate is verified and a server that does not offer it is
 * an error, never a fallback to clear text — and {@code AUTH PLAIN} when {@code user} is set. Thread-safe
 * (one connection per message).
 */
final class SmtpChannel implements ChannelSender {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SSLSocketFactory tls;

    SmtpChannel() {
        this((SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    SmtpChannel(SSLSocketFactory tls) {
        this.tls = tls;
    }

    @Override
    public void send(NotificationChannel c, Notification m, Duration timeout) throws DeliveryFailure {
        String host = c.value("host");
        String from = c.value("from");
        List<String> to = c.list("to");
        if (host == null || from == null || to.isEmpty()) {
            throw new DeliveryFailure("channel " + c.name() + " needs host, from and to");
        }
        int port = Integer.parseInt(c.value("port") == null ? "587" : c.value("port"));
        boolean starttls = !"false".equals(c.value("starttls"));
        String where = host + ":" + port;
        JsonNode body;
        try {
            body = JSON.readTree(m.body());
        } catch (IOException e) {
            throw new DeliveryFailure("notification #" + m.id() + " holds no JSON message");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            Session s = new Session(plain, deadline, where);
            s.expect(220);
            s.command("EHLO fraisier", 250);
            if (starttls) {
                if (!s.lastReply.toUpperCase(java.util.Locale.ROOT).contains("STARTTLS")) {
                    throw new DeliveryFailure(where + " does not offer STARTTLS (set starttls: false to send in clear"
                            + " text on a trusted network)");
                }
                s.command("STARTTLS", 220);
                SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
                javax.net.ssl.SSLParameters p = secure.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(p);
                secure.startHandshake();
                s = new Session(secure, deadline, where);
                s.command("EHLO fraisier", 250);
            }
            String user = c.value("user");
            Secret password = c.secret("password");
            if (user != null) {
                String token = Base64.getEncoder()
                        .encodeToString(("\0" + user + "\0" + (password == null ? "" : password.reveal()))
                                .getBytes(StandardCharsets.UTF_8));
                s.secretCommand("AUTH PLAIN " + token, 235, "AUTH PLAIN");
            }
            s.command("MAIL FROM:<" + from + ">", 250);
            for (String rcpt : to) {
                s.command("RCPT TO:<" + rcpt + ">", 250);
            }
            s.command("DATA", 354);
            s.write(message(from, to, m, body) + "\r\n.\r\n");
            s.expect(250);
            s.command("QUIT", 221);
        } catch (java.net.SocketTimeoutException e) {
            throw new DeliveryFailure("no answer from " + where + " within " + timeout.toMillis() + " ms");
        } catch (java.net.ConnectException e) {
            throw new DeliveryFailure("cannot connect to " + where + " (connection refused or unreachable)");
        } catch (IOException e) {
            throw new DeliveryFailure(
                    "SMTP with " + where + " failed: " + e.getClass().getSimpleName());
        }
    }

    /** The mail: headers, a blank line, the text; lines end in CRLF and a leading dot is doubled. */
    static String message(String from, List<String> to, Notification m, JsonNode body) {
        String subject = "[fraisier] " + body.path("summary").asText();
        StringBuilder text = new StringBuilder();
        text.append(body.path("summary").asText()).append("\n\n");
        line(text, "Fraise", body.path("fraise").asText());
        line(text, "Environment", body.path("environment").asText());
        line(text, "Status", body.path("status").asText());
        line(text, "Old version", version(body.path("old_version")));
        line(text, "New version", version(body.path("new_version")));
        if (body.path("duration_seconds").isNumber()) {
            line(text, "Duration", body.path("duration_seconds").asText() + " s");
        }
        line(text, "Trigger", body.path("trigger").asText());
        line(text, "Triggered by", HttpChannels.text(body, "triggered_by"));
        line(text, "Error type", HttpChannels.text(body, "error_type"));
        line(text, "Error", HttpChannels.text(body, "error_message"));
        line(text, "Hint", HttpChannels.text(body, "hint"));
        line(text, "Link", HttpChannels.text(body, "link"));
        line(text, "Deployment", "#" + body.path("deployment_id").asText());
        StringBuilder out = new StringBuilder();
        out.append("From: ").append(from).append("\r\n");
        out.append("To: ").append(String.join(", ", to)).append("\r\n");
        out.append("Subject: ").append(encodedWord(subject)).append("\r\n");
        out.append("Date: ")
                .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
                .append("\r\n");
        out.append("Message-ID: <").append(m.deliveryId()).append("@fraisier>\r\n");
        out.append("X-Fraisier-Delivery: ").append(m.deliveryId()).append("\r\n");
        out.append("MIME-Version: 1.0\r\n");
        out.append("Content-Type: text/plain; charset=UTF-8\r\n");
        out.append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        for (String l : text.toString().split("\n", -1)) {
            out.append(l.startsWith(".") ? "." + l : l).append("\r\n");
        }
        return out.substring(0, out.length() - 2);
    }

    private static String version(JsonNode v) {
        return v.isObject() ? v.path("full").asText() : "none";
    }

    private static void line(StringBuilder b, String label, @Nullable String value) {
        if (value != null && !value.isEmpty()) {
            b.append(label)
                    .append(": ")
                    .append(value.replace("\r", "").replace("\n", " "))
                    .append('\n');
        }
    }

    private static String encodedWord(String s) {
        boolean ascii = s.chars().allMatch(ch -> ch >= 32 && ch < 127);
        return ascii ? s : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** One SMTP conversation over a socket. */
    private static final class Session {
        private static final int MAX_LINE = 2048;

        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private final long deadline;
        private final String where;
        String lastReply = "";

        Session(Socket socket, long deadline, String where) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
            this.deadline = deadline;
            this.where = where;
        }

        void command(String line, int expected) throws IOException, DeliveryFailure {
            write(line + "\r\n");
            expect(expected, line);
        }

        /** A command whose text holds a credential: named by {@code shown} in errors. */
        void secretCommand(String line, int expected, String shown) throws IOException, DeliveryFailure {
            write(line + "\r\n");
            expect(expected, shown);
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /**
         * One reply line, at most {@value #MAX_LINE} characters (RFC 5321 allows 512) and within the attempt's
         * deadline: a server that streams one endless line is cut off instead of filling memory while every
         * read arrives in time.
         */
        private @Nullable String readLine() throws IOException, DeliveryFailure {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    break;
                }
                if (c != '\r') {
                    line.append((char) c);
                }
                if (line.length() > MAX_LINE) {
                    throw new DeliveryFailure(where + " sent a reply line longer than " + MAX_LINE + " characters");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new java.net.SocketTimeoutException();
                }
            }
            return c == -1 && line.isEmpty() ? null : line.toString();
        }

        void expect(int expected) throws IOException, DeliveryFailure {
            expect(expected, "the message");
        }

        private void expect(int expected, String after) throws IOException, DeliveryFailure {
            StringBuilder reply = new StringBuilder();
            String line;
            do {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new java.net.SocketTimeoutException();
                }
                socket.setSoTimeout((int) left);
                line = readLine();
                if (line == null) {
                    throw new DeliveryFailure(where + " closed the connection");
                }
                reply.append(line).append('\n');
            } while (line.length() > 3 && line.charAt(3) == '-');
            lastReply = reply.toString();
            int code = line.length() >= 3 && Character.isDigit(line.charAt(0))
                    ? Integer.parseInt(line.substring(0, 3))
                    : -1;
            if (code != expected) {
                String shown = after.startsWith("AUTH") ? "AUTH PLAIN" : after.split(":")[0];
                throw new DeliveryFailure(where + " answered " + line.strip() + " to " + shown);
            }
        }
    }
}
