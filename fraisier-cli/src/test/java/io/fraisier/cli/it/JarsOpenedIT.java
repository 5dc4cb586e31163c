package io.fraisier.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.testkit.git.GitOrigin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installation's short commands open only the jars whose classes they use: no lookup on their path
 * scans the class path (ServiceLoader, a resource or class that no jar has, or one found in a late jar),
 * which would make the JVM open and index all of lib/'s jars. Watched from outside with
 * {@code strace -e trace=openat} on {@code bin/fraisier}, as an operator would run it.
 */
class JarsOpenedIT {
    private static final Pattern JAR = Pattern.compile("openat\\([^\"]*\"[^\"]*/lib/([^/\"]+\\.jar)\", [^)]*\\) = \\d");

    private static Path installation;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void setUp() throws Exception {
        installation = BuiltInstallation.find();
        assumeTrue(
                Files.isRegularFile(installation.resolve("lib/services")),
                "no lib/services: the build had no JDK to write it (src/aot/train.sh)");
        assumeTrue(exec(List.of("strace", "-o", "/dev/null", "true"), Map.of()).exit() == 0, "install strace");

        Path repo = Files.createDirectories(tmp.resolve("repo"));
        GitOrigin.create(repo).commit("v1", Map.of("VERSION", "1\n"));
        Files.writeString(
                tmp.resolve("fraises.yaml"), """
                database:
                  type: sqlite
                  path: %s
                fraises:
                  demo:
                    type: api
                    environments:
                      production:
                        provider: local
                        branch: main
                        git_repo: %s
                        app_path: %s
                        install_command: "true"
                        restart_command: "true"
                        timeout: 60
                """.formatted(tmp.resolve("fraisier.db"), repo, tmp.resolve("app")));
        Run deploy = fraisier(false, "deploy", "demo", "production");
        assertThat(deploy.exit()).as(deploy.err()).isZero();
    }

    @Test
    void list_opensOnlyAFewJars() throws Exception {
        Run run = fraisier(true, "list");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("demo");
        assertFew(run);
        assertThat(run.jars())
                .as("jars opened by list: its classes all come from the AOT cache")
                .isEmpty();
    }

    @Test
    void history_opensOnlyAFewJars() throws Exception {
        Run run = fraisier(true, "history");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("demo", "production", "success");
        assertFew(run);
        // the driver reads its version from its own jar, the first of lib/classpath (train.sh)
        assertThat(run.jars())
                .as("jars opened by history")
                .singleElement()
                .satisfies(j -> assertThat(j).startsWith("sqlite-jdbc-"));
    }

    private static void assertFew(Run run) {
        assertThat(run.trace()).as("the services came from the index").contains("/lib/services\"");
        assertThat(run.jars())
                .as("jars opened")
                .noneMatch(j -> j.startsWith("bcprov-")
                        || j.startsWith("jooq-")
                        || j.startsWith("sshj-")
                        || j.startsWith("flyway-")
                        || j.startsWith("docker-java-"))
                .hasSizeLessThan(10);
    }

    private static Run fraisier(boolean traced, String... args) throws Exception {
        Path trace = tmp.resolve("trace-" + System.nanoTime());
        List<String> command = new ArrayList<>();
        if (traced) {
            command.addAll(List.of("strace", "-f", "-e", "trace=openat", "-o", trace.toString()));
        }
        command.add(installation.resolve("bin/fraisier").toString());
        command.addAll(List.of(args));
        Run run = exec(
                command,
                Map.of(
                        "FRAISIER_CONFIG",
                        tmp.resolve("fraises.yaml").toString(),
                        "FRAISIER_LOG_DIR",
                        tmp.resolve("log").toString()));
        if (!traced) {
            return run;
        }
        String text = Files.readString(trace, StandardCharsets.UTF_8);
        TreeSet<String> jars = new TreeSet<>();
        Matcher m = JAR.matcher(text);
        while (m.find()) {
            jars.add(m.group(1));
        }
        return new Run(run.exit(), run.out(), run.err(), jars, text);
    }

    private static Run exec(List<String> command, Map<String, String> extra) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("FRAISIER_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(extra);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process process;
        try {
            process = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
        } catch (IOException e) {
            return new Run(127, "", String.valueOf(e.getMessage()), new TreeSet<>(), "");
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                new TreeSet<>(),
                "");
    }

    private record Run(int exit, String out, String err, TreeSet<String> jars, String trace) {}
}
