package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class DaemonLoggingTest {
    @TempDir
    Path dir;

    @AfterEach
    void backToStdout() {
        DaemonLogging.apply(DaemonLogging.Format.text, false, null);
    }

    @Test
    void apply_withLogFile_writesInfoToIt_asText() throws Exception {
        Path file = dir.resolve("log/fraisier-webhook.log");

        DaemonLogging.apply(DaemonLogging.Format.text, false, file);
        LoggerFactory.getLogger(WebhookDaemon.class).info("listening on 127.0.0.1:{}", 8080);
        LoggerFactory.getLogger("org.eclipse.jetty.server").info("jetty chatter");
        backToStdout(); // stops the file appender, flushing it

        assertThat(Files.readString(file))
                .contains("INFO", "WebhookDaemon", "listening on 127.0.0.1:8080")
                .doesNotContain("jetty chatter");
    }

    @Test
    void apply_withJson_writesOneObjectPerEvent() throws Exception {
        Path file = dir.resolve("daemon.log");

        DaemonLogging.apply(DaemonLogging.Format.json, false, file);
        LoggerFactory.getLogger(WebhookDaemon.class).warn("store unreachable");
        backToStdout();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(lines.getFirst());
        assertThat(event.path("level").asText()).isEqualTo("WARN");
        assertThat(event.path("loggerName").asText()).isEqualTo(WebhookDaemon.class.getName());
        assertThat(event.path("formattedMessage").asText()).isEqualTo("store unreachable");
    }
}
