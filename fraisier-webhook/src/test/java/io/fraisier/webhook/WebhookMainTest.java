package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class WebhookMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new WebhookMain(
                        Map.of(),
                        dir,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    @Test
    void run_withHelp_printsUsageAndSucceeds() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: fraisier-webhook");
    }

    @Test
    void run_withUnknownArgument_exits2LikeTheCli() {
        assertThat(run("--port", "9")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: Unknown options: '--port', '9'")
                .contains("Try 'fraisier-webhook --help'.")
                .doesNotContain("\tat ");
    }

    @Test
    void run_withHelp_listsEveryOption() {
        assertThat(run("-h")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--config=FILE", "--log-format=FORMAT", "--log-file=FILE", "--version", "GET /health");
    }

    @Test
    void run_withVersion_printsTheVersionAndExits0() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("fraisier-webhook ")
                .contains("java: ");
    }

    @Test
    void run_withConfigMissingItsValue_exits2NamingTheOption() {
        assertThat(run("-c")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("option '--config' (FILE)");
    }

    @Test
    void run_withAnUnknownLogFormat_exits2NamingTheValues() {
        assertThat(run("--log-format", "xml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("xml").contains("text, json");
    }

    @Test
    void run_withAnUnknownLogFormatVariable_exits2NamingIt() {
        int exit = new WebhookMain(
                        Map.of("FRAISIER_LOG_FORMAT", "yaml"),
                        dir,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[0]);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("FRAISIER_LOG_FORMAT=yaml is not a log format");
    }

    @Test
    void run_withALogFileThatIsAFolder_exits2NamingIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("logs"));

        assertThat(run("--log-file", folder.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot write the log file " + folder);
    }

    @Test
    void run_withMissingConfigFile_exits3NamingIt() {
        assertThat(run("-c", dir.resolve("nope.yaml").toString())).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.yaml");
    }

    @Test
    void run_withInvalidConfig_exits3ListingTheProblemWithoutAStackTrace() throws Exception {
        Path file = Files.writeString(dir.resolve("fraises.yaml"), "webhook:\n  port: not-a-number\n");

        assertThat(run("--config=" + file)).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("webhook.port")
                .doesNotContain("\tat ");
    }

    @Test
    void run_logsThroughTheScrubber_theEnvironmentsSecretsAtOnce_theConfigsOnceItIsRead() throws Exception {
        String envSecret = "ghp_mainEnvironment4242";
        String configSecret = "whs-main-from-the-config-77";
        Path config = Files.writeString(dir.resolve("fraises.yaml"), """
                git:
                  provider: github
                  github: { webhook_secret: %s }
                fraises: {}
                """.formatted(configSecret));
        // a store that cannot open: the daemon stops after reading the config, its logging still set up
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "x");
        Path log = dir.resolve("daemon.log");
        WebhookMain main = new WebhookMain(
                Map.of("GITHUB_TOKEN", envSecret, "FRAISIER_DATABASE_URL", "sqlite:" + notAFolder.resolve("f.db")),
                dir,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = main.run(new String[] {"-c", config.toString(), "--log-file", log.toString()});
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isNotIn(0, 2, 3);

            LoggerFactory.getLogger(WebhookDaemon.class)
                    .warn("push signed {} by {}", configSecret, envSecret, new IllegalStateException(configSecret));
        } finally {
            DaemonLogging.apply(DaemonLogging.Format.text, false, null, UnaryOperator.identity());
        }

        assertThat(Files.readString(log))
                .doesNotContain(envSecret)
                .doesNotContain(configSecret)
                .contains("WebhookDaemon push signed *** by ***")
                .contains("java.lang.IllegalStateException: ***");
    }
}
