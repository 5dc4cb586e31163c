package io.fraisier.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class LoggingSetupTest {
    @TempDir
    Path dir;

    @AfterEach
    void backToDefault() {
        LoggingSetup.forCommand(0, Map.of()).apply();
    }

    @Test
    void level_byDefault_isWarn() {
        assertThat(LoggingSetup.level(0, Map.of())).isEqualTo(Level.WARN);
    }

    @Test
    void level_followsVerboseCount() {
        assertThat(LoggingSetup.level(1, Map.of())).isEqualTo(Level.INFO);
        assertThat(LoggingSetup.level(2, Map.of())).isEqualTo(Level.DEBUG);
    }

    @Test
    void level_honoursRustLogAndFraisierLog() {
        assertThat(LoggingSetup.level(0, Map.of("RUST_LOG", "debug"))).isEqualTo(Level.DEBUG);
        assertThat(LoggingSetup.level(0, Map.of("RUST_LOG", "fraisier=debug,info")))
                .isEqualTo(Level.DEBUG);
        assertThat(LoggingSetup.level(0, Map.of("FRAISIER_LOG", "INFO"))).isEqualTo(Level.INFO);
        assertThat(LoggingSetup.level(0, Map.of("FRAISIER_LOG", "nonsense"))).isEqualTo(Level.WARN);
    }

    @Test
    void level_takesTheMostVerboseRequest() {
        assertThat(LoggingSetup.level(2, Map.of("FRAISIER_LOG", "error"))).isEqualTo(Level.DEBUG);
    }

    @Test
    void apply_consoleOnly_writesNoFile() {
        Optional<Path> file = LoggingSetup.forCommand(0, Map.of()).apply();

        assertThat(file).isEmpty();
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
    }

    @Test
    void apply_withWritableLogFolder_writesInfoToTheRotatedFile() throws Exception {
        Path logs = dir.resolve("log/fraisier");

        Optional<Path> file =
                LoggingSetup.forCommand(0, Map.of()).withLogFileIn(logs).apply();
        LoggerFactory.getLogger("io.fraisier.test").info("exporter listening on localhost:8001");
        LoggingSetup.forCommand(0, Map.of()).apply(); // stops the file appender, flushing it

        assertThat(file).contains(logs.resolve("fraisier.log"));
        assertThat(Files.readString(logs.resolve("fraisier.log")))
                .contains("INFO", "io.fraisier.test", "exporter listening on localhost:8001");
    }

    @Test
    void apply_withJsonFormat_writesOneJsonObjectPerEvent() throws Exception {
        Path logs = dir.resolve("log/json");

        LoggingSetup.forCommand(0, Map.of())
                .withFormat(LoggingSetup.Format.json)
                .withLogFileIn(logs)
                .apply();
        LoggerFactory.getLogger("io.fraisier.test").info("deployed {} to {}", "api", "production");
        LoggingSetup.forCommand(0, Map.of()).apply();

        List<String> lines = Files.readAllLines(logs.resolve("fraisier.log"));
        assertThat(lines).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(lines.getFirst());
        assertThat(event.path("level").asText()).isEqualTo("INFO");
        assertThat(event.path("loggerName").asText()).isEqualTo("io.fraisier.test");
        assertThat(event.path("formattedMessage").asText()).isEqualTo("deployed api to production");
        assertThat(event.path("timestamp").asLong()).isPositive();
    }

    @Test
    void formatFrom_readsTheVariableAndRefusesOtherValues() {
        assertThat(LoggingSetup.formatFrom(Map.of())).isNull();
        assertThat(LoggingSetup.formatFrom(Map.of("FRAISIER_LOG_FORMAT", "JSON")))
                .isEqualTo(LoggingSetup.Format.json);
        assertThatThrownBy(() -> LoggingSetup.formatFrom(Map.of("FRAISIER_LOG_FORMAT", "xml")))
                .hasMessageContaining("FRAISIER_LOG_FORMAT=xml")
                .hasMessageContaining("text or json");
    }

    @Test
    void apply_withUnwritableLogFolder_fallsBackToConsole() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");

        Optional<Path> file = LoggingSetup.forCommand(0, Map.of())
                .withLogFileIn(notADirectory.resolve("sub"))
                .apply();

        assertThat(file).isEmpty();
    }

    @Test
    void apply_atDebug_keepsTheConnectionPoolAtInfo_andTraceShowsIt() {
        LoggingSetup.forCommand(2, Map.of()).apply();
        org.slf4j.Logger pool = LoggerFactory.getLogger("com.zaxxer.hikari.pool.HikariPool");
        assertThat(pool.isDebugEnabled()).as("-vv: no pool debug flood").isFalse();
        assertThat(pool.isInfoEnabled()).isTrue();
        assertThat(LoggerFactory.getLogger("java.lang.ProcessBuilder").isDebugEnabled())
                .as("-vv: no JDK debug lines (System.Logger)")
                .isFalse();
        assertThat(LoggerFactory.getLogger("io.fraisier.core.Fraisier").isDebugEnabled())
                .isTrue();

        LoggingSetup.forCommand(3, Map.of()).apply();
        assertThat(pool.isDebugEnabled()).as("-vvv shows everything").isTrue();
    }

    @Test
    void needsLogback_notForShortTextCommands() {
        assertThat(LoggingSetup.needsLogback(new String[] {"list"}, Map.of())).isFalse();
        assertThat(LoggingSetup.needsLogback(
                        new String[] {"-vv", "deploy", "api", "production", "--log-format", "TEXT"},
                        Map.of("FRAISIER_LOG_FORMAT", "text", "RUST_LOG", "debug")))
                .isFalse();
        assertThat(LoggingSetup.needsLogback(new String[] {"history", "--log-format=text"}, Map.of()))
                .isFalse();
    }

    @Test
    void needsLogback_forMetricsJsonOrAnUnknownFormat() {
        assertThat(LoggingSetup.needsLogback(new String[] {"-c", "f.yaml", "metrics"}, Map.of()))
                .as("metrics writes fraisier.log")
                .isTrue();
        assertThat(LoggingSetup.needsLogback(new String[] {"list", "--log-format", "json"}, Map.of()))
                .isTrue();
        assertThat(LoggingSetup.needsLogback(new String[] {"list", "--log-format=Json"}, Map.of()))
                .isTrue();
        assertThat(LoggingSetup.needsLogback(new String[] {"list", "--log-format"}, Map.of()))
                .isTrue();
        assertThat(LoggingSetup.needsLogback(new String[] {"list"}, Map.of("FRAISIER_LOG_FORMAT", "json")))
                .isTrue();
        assertThat(LoggingSetup.needsLogback(new String[] {"list"}, Map.of("FRAISIER_LOG_FORMAT", "xml")))
                .as("the error is logback's path's: today's")
                .isTrue();
    }

    @Test
    void needsLogback_whenTheOperatorConfiguredLogback_byItsProperty() throws Exception {
        Files.writeString(dir.resolve("logback.xml"), "<configuration/>");
        assertThat(LoggingSetup.needsLogback(new String[] {"list"}, Map.of()))
                .as("no -Dlogback.configurationFile: the class path is not searched")
                .isFalse();
        String previous = System.setProperty(
                "logback.configurationFile", dir.resolve("logback.xml").toString());
        try {
            assertThat(LoggingSetup.needsLogback(new String[] {"list"}, Map.of()))
                    .isTrue();
        } finally {
            if (previous == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", previous);
            }
        }
    }

    @Test
    void operatorConfiguredIn_findsAClassPathLogbackXml_forLogbackItself() throws Exception {
        Files.writeString(dir.resolve("logback.xml"), "<configuration/>");
        ClassLoader withXml =
                new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, null);

        assertThat(LoggingSetup.operatorConfiguredIn(withXml)).isTrue();
        assertThat(LoggingSetup.operatorConfiguredIn(new java.net.URLClassLoader(new java.net.URL[0], null)))
                .isFalse();
    }

    @Test
    void apply_toTheConsoleProvider_setsItsLevelsAndScrubber() {
        ConsoleLoggerFactory console = new ConsoleLoggerFactory(ConsoleLoggerFactory::stderr);

        Optional<Path> file = LoggingSetup.forCommand(2, Map.of())
                .scrubbedWith(text -> text.replace("secret", "***"))
                .apply(console);

        assertThat(file).isEmpty();
        assertThat(console.settings().root()).isEqualTo(Level.DEBUG);
        assertThat(console.settings().quiet()).isEqualTo(Level.INFO);
        assertThat(console.settings().scrubber().apply("a secret")).isEqualTo("a ***");
    }
}
