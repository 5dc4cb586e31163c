package io.fraisier.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FraisierLogbackTest {
    private static final String ENV_SECRET = "ghp_fromTheEnvironment42";
    // with a quote, a slash and a backslash: JSON escapes each of them
    private static final String LATER_SECRET = "pw-learnt\"after/start\\x";
    private static final String PATTERN = "%-5level %logger{0} %msg%n";

    @TempDir
    Path dir;

    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream previousOut;

    @BeforeEach
    void captureStdout() {
        // a context of the test's own, which needs the MDC adapter slf4j would give the bound one
        context.setMDCAdapter(new LogbackMDCAdapter());
        previousOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        context.stop();
        System.setOut(previousOut);
    }

    @Test
    void textLines_onConsoleAndInTheFile_maskSecretsKnownAtStartAndLearntAfter() throws Exception {
        Path file = dir.resolve("logs/app.log");

        for (String written : logSecrets(false, file)) {
            LoggedSecrets.assertMasked(written, ENV_SECRET, LATER_SECRET);
            assertThat(written).contains("ERROR Demo connecting to postgresql://***@db.example.com/app");
        }
    }

    @Test
    void jsonLines_maskSecrets_andStayOneJsonObjectPerLine() throws Exception {
        Path file = dir.resolve("app.log");

        for (String written : logSecrets(true, file)) {
            LoggedSecrets.assertMasked(written, ENV_SECRET, LATER_SECRET);
            JsonNode last = new ObjectMapper().readTree(written.lines().toList().getLast());
            assertThat(last.path("formattedMessage").asText())
                    .isEqualTo("connecting to postgresql://***@db.example.com/app");
            // the URL's credentials end with the JSON string: the next field, with its '@', is left whole
            assertThat(last.path("throwable").path("message").asText()).isEqualTo("ops@example.com was told");
        }
    }

    @Test
    void theFile_rollsAsBothAppsAlwaysDid() {
        Path file = dir.resolve("fraisier.log");
        FraisierLogback.console(FraisierLogback.Target.STDERR, PATTERN, null)
                .file(file, PATTERN)
                .reconfigure(context);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var appender = (RollingFileAppender<?>) root.getAppender("file");
        var policy = (SizeAndTimeBasedRollingPolicy<?>) appender.getRollingPolicy();

        assertThat(appender.getFile()).isEqualTo(file.toString());
        assertThat(policy.getFileNamePattern())
                .isEqualTo(dir.resolve("fraisier.%d{yyyy-MM-dd}.%i.log.gz").toString());
        assertThat(policy.getMaxHistory()).isEqualTo(30);
        assertThat(appender.getEncoder()).isInstanceOf(ScrubbingEncoder.class);
        assertThat(root.getAppender("stderr")).isNotNull();
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void levelsAndThreshold_areTheCallers() {
        FraisierLogback.console(FraisierLogback.Target.STDOUT, "%level %msg%n", Level.WARN)
                .levels(Level.DEBUG, Map.of("noisy", Level.ERROR))
                .reconfigure(context);

        context.getLogger("noisy").warn("not shown");
        context.getLogger("quiet").info("below the console's threshold");
        context.getLogger("quiet").warn("shown");

        assertThat(context.getLogger("quiet").isDebugEnabled()).isTrue();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("WARN shown" + System.lineSeparator());
    }

    /** @return what stdout and the file got */
    private List<String> logSecrets(boolean json, Path file) throws Exception {
        AtomicReference<Scrubber> scrubber =
                new AtomicReference<>(Scrubber.of(null, Map.of("GITHUB_TOKEN", ENV_SECRET)));
        FraisierLogback.console(FraisierLogback.Target.STDOUT, PATTERN, null)
                .levels(Level.INFO, Map.of())
                .file(file, PATTERN)
                .writing(json, text -> scrubber.get().scrub(text))
                .reconfigure(context);
        Logger log = context.getLogger("io.fraisier.Demo");
        LoggedSecrets.log(log, ENV_SECRET);
        // the config, read after logging started, names a secret
        scrubber.set(Scrubber.of(List.of(ENV_SECRET, LATER_SECRET)));
        LoggedSecrets.log(log, LATER_SECRET);
        log.error(
                "connecting to postgresql://app:{}@db.example.com/app",
                "not-a-known-secret",
                new IllegalStateException("ops@example.com was told"));
        context.stop(); // flushes and closes the file
        return List.of(stdout.toString(StandardCharsets.UTF_8), Files.readString(file, StandardCharsets.UTF_8));
    }
}
