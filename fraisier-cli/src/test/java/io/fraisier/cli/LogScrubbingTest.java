package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.cli.logging.LoggingSetup;
import io.fraisier.testkit.log.LoggedSecrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What logback writes for the CLI (the {@code metrics} set-up: stderr and {@code fraisier.log}, as text or
 * with {@code --log-format json}) passes through the command's live scrubber: the environment's secrets
 * from the start, the config's from the moment it is loaded.
 */
class LogScrubbingTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"text", "json"})
    void logbackLines_onStderrAndInTheLogFile_maskTheEnvironmentsAndTheConfigsSecrets(String format) throws Exception {
        String envSecret = "ghp_cliEnvironment31415";
        String configSecret = "whs/cli-config\"secret-2718";
        Path config = Files.writeString(dir.resolve("fraises.yaml"), """
                git:
                  provider: github
                  github: { webhook_secret: '%s' }
                fraises: {}
                """.formatted(configSecret));
        FraisierCommand root = new FraisierCommand(Map.of("GITHUB_TOKEN", envSecret), dir);
        FraisierCommand.commandLine(root).parseArgs("-c", config.toString(), "--log-format", format);
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        Optional<Path> file;
        try {
            // as MetricsCommand does: logging first, the config after
            file = root.logging().withLogFileIn(dir.resolve("log")).apply();
            Logger log = LoggerFactory.getLogger("io.fraisier.test.Secrets");
            LoggedSecrets.log(log, envSecret);
            LoggedSecrets.logThroughTheJdk(log.getName(), envSecret);
            root.loadConfig();
            LoggedSecrets.log(log, configSecret);
            LoggedSecrets.logThroughTheJdk(log.getName(), configSecret);
        } finally {
            LoggingSetup.forCommand(0, Map.of()).apply(); // stops the file appender, flushing it
            System.setErr(previous);
        }

        assertThat(file).isPresent();
        LoggedSecrets.assertMasked(stderr.toString(StandardCharsets.UTF_8), envSecret, configSecret);
        LoggedSecrets.assertMasked(Files.readString(file.orElseThrow()), envSecret, configSecret);
        // core's warnings and the JDK's own loggers (System.Logger) reach the same lines, scrubbed
        LoggedSecrets.assertMaskedThroughTheJdk(stderr.toString(StandardCharsets.UTF_8), envSecret, configSecret);
    }
}
