package io.fraisier.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which SLF4J provider the executable binds, in a real JVM ({@code -Xlog:class+load}): short commands log
 * through Fraisier's console provider and never load logback; {@code metrics}, {@code --log-format json}
 * and an operator's logback configuration get logback, as before.
 */
class LoggingBackendIT {
    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    @TempDir
    Path dir;

    private Path config;

    @BeforeEach
    void config() throws Exception {
        config = Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  demo:
                    type: api
                    environments:
                      production:
                        provider: local
                        app_path: /srv/demo
                """);
    }

    @Test
    void aStoreCommand_logsThroughTheConsoleProvider_withoutLoadingLogback() throws Exception {
        Run run = run(List.of(), "history", "-vv");

        assertThat(run.exit()).as(run.err()).isZero();
        // a new store runs Flyway, whose logging probe loads logback's provider class: loaded, never started
        assertThat(run.loaded()).doesNotContain(LOGBACK_CONTEXT);
        List<String> lines = run.err().lines().toList();
        // -vv: the pool's info, not its debug flood; Fraisier's own debug lines
        assertThat(lines).contains("INFO HikariDataSource: fraisier-sqlite - Starting...");
        assertThat(lines).noneMatch(l -> l.matches("DEBUG (Hikari\\w*|PoolBase|ProxyConnection):.*"));
        assertThat(lines).noneMatch(l -> l.startsWith("SLF4J"));

        // debug lines do show: a write's transaction (jOOQ's; reads are plain JDBC and log nothing)
        assertThat(run(List.of(), "-vv", "freeze", "demo", "production", "--reason", "test")
                        .exit())
                .isZero();
        Run unfreeze = run(List.of(), "-vv", "unfreeze", "demo", "production");
        assertThat(unfreeze.exit()).as(unfreeze.err()).isZero();
        assertThat(unfreeze.loaded()).doesNotContain(LOGBACK_CONTEXT);
        assertThat(unfreeze.err().lines()).anyMatch(l -> l.startsWith("DEBUG "));
    }

    @Test
    void trace_showsThePoolsDebugLinesToo() throws Exception {
        Run run = run(List.of(), "history", "-vvv");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err().lines()).anyMatch(l -> l.matches("DEBUG (Hikari\\w*|PoolBase):.*"));
    }

    @Test
    void aShortCommandAtItsDefault_writesNoLogLine() throws Exception {
        Run run = run(List.of(), "list");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.loaded()).noneMatch(c -> c.startsWith("ch.qos.logback."));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonLogLines_comeFromLogback() throws Exception {
        Run run = run(List.of(), "history", "-v", "--log-format", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.loaded()).contains(LOGBACK_CONTEXT);
        assertThat(run.err().lines()).isNotEmpty().allMatch(l -> l.startsWith("{") && l.contains("\"loggerName\""));
    }

    @Test
    void anOperatorsLogbackConfiguration_isLogbacksAlone() throws Exception {
        Path xml = Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="e" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>OPERATOR %level %logger{0}: %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="e"/></root>
                </configuration>
                """);

        Run run = run(List.of("-Dlogback.configurationFile=" + xml), "history");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.loaded()).contains(LOGBACK_CONTEXT);
        assertThat(run.err()).contains("OPERATOR INFO HikariDataSource: fraisier-sqlite - Starting...");
    }

    @Test
    void metrics_getsLogback_forItsLogFile() throws Exception {
        // an invalid port ends it once logging is set up, before it serves
        Run run = run(List.of(), "metrics", "--port", "70000");

        assertThat(run.exit()).as(run.err()).isNotZero();
        assertThat(run.err()).contains("--port");
        assertThat(run.loaded()).contains(LOGBACK_CONTEXT);
    }

    private record Run(int exit, String err, List<String> loaded) {}

    private Run run(List<String> jvmOptions, String... args) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        Path classes = Files.createTempFile(dir, "classes-", ".txt");
        Path err = Files.createTempFile(dir, "stderr-", ".txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xlog:class+load=info:file=" + classes));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, "io.fraisier.cli.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("-c", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("FRAISIER_")
                        || k.startsWith("JAVA_TOOL")
                        || k.equals("RUST_LOG")
                        || k.equals("DATABASE_URL"));
        builder.environment().put("FRAISIER_HOME", dir.resolve("home").toString());
        builder.environment().put("FRAISIER_LOG_DIR", dir.resolve("log").toString());
        builder.environment().put("HOME", dir.toString());
        Process process = builder.start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        List<String> loaded = Files.readAllLines(classes).stream()
                .map(line -> line.substring(line.indexOf(']', line.indexOf("class,load")) + 1)
                        .strip())
                .map(line -> line.split(" ")[0])
                .toList();
        return new Run(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8), loaded);
    }
}
