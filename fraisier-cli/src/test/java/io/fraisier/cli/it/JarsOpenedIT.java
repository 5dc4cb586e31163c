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
    private static final Pattern JAR = Pattern.compile(
            "^(\\d+) +openat\\([^\"]*\"[^\"]*/lib/([^/\"]+\\.jar)\", [^)]*\\) = \\d", Pattern.MULTILINE);
    /** The JVM names each thread's native twin after it (truncated to 15 characters). */
    private static final Pattern THREAD_NAME =
            Pattern.compile("^(\\d+) +prctl\\(PR_SET_NAME, \"([^\"]*)\"", Pattern.MULTILINE);

    private static final String WARM_UP_THREAD = "fraisier-warm-u";

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
        assertThat(run.threads()).as("threads").doesNotContainValue(WARM_UP_THREAD);
    }

    @Test
    void list_onAPostgresUrl_startsNoWarmUp() throws Exception {
        // list opens no store, so the URL (to a port nothing listens on) is never used
        Run run = fraisier(Map.of("FRAISIER_DATABASE_URL", "postgresql://127.0.0.1:1/none"), true, "list");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("demo");
        assertThat(run.threads()).as("threads").doesNotContainValue(WARM_UP_THREAD);
        assertThat(run.jars()).as("jars opened by list").isEmpty();
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
        // history starts no process, so nothing opens the other jars: its warm-up thread reads the JDK's
        // calendar data (ClassPathWarmUp), which is in the JDK's own image, not in a jar
        assertThat(run.threads()).as("threads").containsValue(WARM_UP_THREAD);
        assertThat(run.jarsOpenedBy(WARM_UP_THREAD))
                .as("jars opened on the warm-up thread")
                .isEmpty();
    }

    @Test
    void deployDryRun_opensTheJarsOnTheWarmUpThread() throws Exception {
        Run run = fraisier(true, "deploy", "--dry-run", "demo", "production");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Dry run for demo/production");
        // its first process makes the JDK look up its LoggerFinder, which opens every jar (ClassPathWarmUp);
        // the warm-up thread started at once does it while the command reads its config and store
        assertThat(run.threads()).as("threads").containsValue(WARM_UP_THREAD);
        assertThat(run.jarsOpenedBy(WARM_UP_THREAD))
                .as("jars opened on the warm-up thread")
                .isNotEmpty();
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
        return fraisier(Map.of(), traced, args);
    }

    private static Run fraisier(Map<String, String> environment, boolean traced, String... args) throws Exception {
        Path trace = tmp.resolve("trace-" + System.nanoTime());
        List<String> command = new ArrayList<>();
        if (traced) {
            command.addAll(List.of("strace", "-f", "-e", "trace=openat,prctl", "-o", trace.toString()));
        }
        command.add(installation.resolve("bin/fraisier").toString());
        command.addAll(List.of(args));
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("FRAISIER_CONFIG", tmp.resolve("fraises.yaml").toString());
        env.put("FRAISIER_LOG_DIR", tmp.resolve("log").toString());
        Run run = exec(command, env);
        if (!traced) {
            return run;
        }
        String text = Files.readString(trace, StandardCharsets.UTF_8);
        Map<String, String> threads = new java.util.HashMap<>();
        Matcher names = THREAD_NAME.matcher(text);
        while (names.find()) {
            threads.put(names.group(1), names.group(2));
        }
        Map<String, TreeSet<String>> jarsByThread = new java.util.HashMap<>();
        TreeSet<String> jars = new TreeSet<>();
        Matcher m = JAR.matcher(text);
        while (m.find()) {
            jars.add(m.group(2));
            jarsByThread
                    .computeIfAbsent(threads.getOrDefault(m.group(1), "tid " + m.group(1)), t -> new TreeSet<>())
                    .add(m.group(2));
        }
        return new Run(run.exit(), run.out(), run.err(), jars, text, threads, jarsByThread);
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
            return new Run(127, "", String.valueOf(e.getMessage()), new TreeSet<>(), "", Map.of(), Map.of());
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                new TreeSet<>(),
                "",
                Map.of(),
                Map.of());
    }

    /**
     * @param threads each traced thread's name by its id (those the JVM named)
     * @param jarsByThread the jars each thread opened, by thread name ("tid N" for an unnamed one)
     */
    private record Run(
            int exit,
            String out,
            String err,
            TreeSet<String> jars,
            String trace,
            Map<String, String> threads,
            Map<String, TreeSet<String>> jarsByThread) {
        TreeSet<String> jarsOpenedBy(String thread) {
            return jarsByThread.getOrDefault(thread, new TreeSet<>());
        }
    }
}
