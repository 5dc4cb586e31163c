package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.config.Scrubber;
import io.fraisier.testkit.log.LoggedSecrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class DaemonLoggingTest {
    private static final String ENV_SECRET = "ghp_daemonEnvironment77";
    private static final String CONFIG_SECRET = "whs/learnt-from-the-config\"1";

    @TempDir
    Path dir;

    @AfterEach
    void backToStdout() {
        DaemonLogging.apply(DaemonLogging.Format.text, false, null, UnaryOperator.identity());
    }

    @Test
    void apply_withLogFile_writesInfoToIt_asText() throws Exception {
        Path file = dir.resolve("log/fraisier-webhook.log");

        DaemonLogging.apply(DaemonLogging.Format.text, false, file, UnaryOperator.identity());
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

        DaemonLogging.apply(DaemonLogging.Format.json, false, file, UnaryOperator.identity());
        LoggerFactory.getLogger(WebhookDaemon.class).warn("store unreachable");
        backToStdout();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(lines.getFirst());
        assertThat(event.path("level").asText()).isEqualTo("WARN");
        assertThat(event.path("loggerName").asText()).isEqualTo(WebhookDaemon.class.getName());
        assertThat(event.path("formattedMessage").asText()).isEqualTo("store unreachable");
    }

    @ParameterizedTest
    @EnumSource(DaemonLogging.Format.class)
    void lines_onStdoutAndInTheFile_maskTheEnvironmentsSecrets_andTheConfigsOnceLearnt(DaemonLogging.Format format)
            throws Exception {
        Path file = dir.resolve("daemon.log");
        // what WebhookMain does: logging set up with the environment's scrubber, replaced once the config is read
        AtomicReference<Scrubber> scrubber =
                new AtomicReference<>(Scrubber.of(null, Map.of("GITHUB_TOKEN", ENV_SECRET)));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            DaemonLogging.apply(format, false, file, text -> scrubber.get().scrub(text));
            Logger log = LoggerFactory.getLogger(WebhookDaemon.class);
            LoggedSecrets.log(log, ENV_SECRET);
            LoggedSecrets.logThroughTheJdk(log.getName(), ENV_SECRET);
            scrubber.set(Scrubber.of(List.of(ENV_SECRET, CONFIG_SECRET)));
            LoggedSecrets.log(log, CONFIG_SECRET);
            LoggedSecrets.logThroughTheJdk(log.getName(), CONFIG_SECRET);
            backToStdout();
        } finally {
            System.setOut(previous);
        }

        LoggedSecrets.assertMasked(stdout.toString(StandardCharsets.UTF_8), ENV_SECRET, CONFIG_SECRET);
        LoggedSecrets.assertMasked(Files.readString(file, StandardCharsets.UTF_8), ENV_SECRET, CONFIG_SECRET);
        // core's warnings and the JDK's own loggers (System.Logger) reach the same lines, scrubbed
        LoggedSecrets.assertMaskedThroughTheJdk(
                Files.readString(file, StandardCharsets.UTF_8), ENV_SECRET, CONFIG_SECRET);
    }
}
