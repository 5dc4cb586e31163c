package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void run_withUnknownArgument_exits2WithUsage() {
        assertThat(run("--port", "9")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Unknown argument '--port'")
                .contains("Usage:");
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
}
