package io.fraisier.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.testkit.db.TestDatabases;
import io.fraisier.testkit.git.GitOrigin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installation folder the build made ({@code target/fraisier-<version>/}, run through {@code bin/fraisier}):
 * its JDK AOT cache is used under the JDK that made it, and skipped without a word under any other, or when
 * the JVM itself rejects it. Functional, not timed: "used" means classes come from the cache
 * ({@code -Xlog:class+load} says {@code source: shared objects file}). The runs are {@code --version --no-color}:
 * a lone {@code --version} is answered before the command model is built, on the JDK's own archive.
 */
class AotCacheIT {
    /** A class every command loads, and the training run too (Main itself is not trained). */
    private static final String PROBE = "io.fraisier.cli.FraisierCommand ";

    /**
     * How many classes a store command may load from outside its cache: mostly those the JVM makes at run time
     * (lambda forms, hidden classes), which no cache holds; 1 on SQLite and 9 on PostgreSQL when written.
     */
    private static final int OUTSIDE_THE_CACHE = 15;

    private static Path installation;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findTheInstallation() throws IOException {
        installation = BuiltInstallation.find();
        assumeTrue(
                Files.isRegularFile(installation.resolve("lib/fraisier.aot")),
                "no lib/fraisier.aot: the build's JDK is older than 25 (the AOT cache needs -XX:AOTCacheOutput)");
    }

    @Test
    void theCache_isUsedUnderTheJdkThatMadeIt() throws Exception {
        Run run = run(installation);

        assertThat(run.exit).isZero();
        assertThat(run.stdout).startsWith("fraisier ");
        assertThat(run.stderr).isEmpty();
        assertThat(run.classSource()).contains("source: shared objects file");
    }

    @Test
    void theCache_isSkippedSilently_underAnotherJdk() throws Exception {
        Path copy = copyOfTheInstallation();
        Files.writeString(copy.resolve("lib/fraisier.aot.jdk"), "JAVA_VERSION=\"25.0.99\"\n");

        Run run = run(copy);

        assertThat(run.exit).isZero();
        assertThat(run.stdout).startsWith("fraisier ");
        assertThat(run.stderr).isEmpty();
        assertThat(run.classSource()).contains("source: file:").doesNotContain("shared objects file");
    }

    @Test
    void aCacheTheJvmRejects_isSkippedWithoutItsWarnings() throws Exception {
        Path copy = copyOfTheInstallation();
        // same JDK by its release file, but not a cache the JVM can map
        for (String cache : List.of("fraisier.aot", "fraisier-store.aot", "fraisier-config.aot")) {
            Files.write(copy.resolve("lib").resolve(cache), new byte[4096]);
        }

        Run run = run(copy);

        assertThat(run.exit).isZero();
        assertThat(run.stdout).startsWith("fraisier ");
        assertThat(run.stderr).isEmpty();
        assertThat(run.classSource()).contains("source: file:");
    }

    /**
     * The caches hold no training profiles (train.sh), so a command turns off their replay, which otherwise
     * costs its thread a look-up and a wake-up of the replay thread at every class it initialises; the option
     * comes from lib/fraisier.aot.options, written by train.sh under the JDK that accepted it, and is passed
     * only with a usable cache: another JDK might refuse it and not start.
     */
    @Test
    void withItsCache_aCommandReplaysNoTrainingProfiles_andWithoutItPassesNoSuchOption() throws Exception {
        assertThat(installation.resolve("lib/fraisier.aot.options")).content().contains("-XX:-AOTReplayTraining");
        Map<String, String> flags = Map.of("FRAISIER_JAVA_OPTS", "-XX:+PrintFlagsFinal");

        Run run = run(installation, flags, "list", "--help");

        assertThat(run.exit).as(run.stderr).isZero();
        assertThat(run.stdout.lines().filter(l -> l.contains(" AOTReplayTraining ")))
                .singleElement()
                .asString()
                .contains("= false");

        Path copy = copyOfTheInstallation();
        Files.writeString(copy.resolve("lib/fraisier.aot.jdk"), "JAVA_VERSION=\"25.0.99\"\n");
        Run other = run(copy, flags, "list", "--help");

        assertThat(other.exit).as(other.stderr).isZero();
        assertThat(other.stdout)
                .as("no diagnostic option unlocked without the cache (the JVM then prints none)")
                .doesNotContain(" AOTReplayTraining ");

        // a damaged file (cut short by a full disk, edited) is ignored, not handed to a JVM that would refuse it
        Path damaged = copyOfTheInstallation("damaged");
        Files.writeString(damaged.resolve("lib/fraisier.aot.options"), "-XX:+UnlockDiagnosticVMOptions -XX:-AOTRepl\n");
        Run cut = run(damaged, flags, "list", "--help");

        assertThat(cut.exit).as(cut.stderr).isZero();
        assertThat(cut.stderr).isEmpty();
        assertThat(cut.stdout).as("the cache is still passed").contains("/lib/fraisier-config.aot");
    }

    @Test
    void fraisierAotOff_neverUsesIt() throws Exception {
        Run run = run(installation, Map.of("FRAISIER_AOT", "off"));

        assertThat(run.exit).isZero();
        assertThat(run.classSource()).contains("source: file:");
    }

    @Test
    void eachKindOfCommand_getsTheCacheTrainedOnIt() throws Exception {
        for (String[] expected : new String[][] {
            {"fraisier-config.aot", "list", "--help"},
            {"fraisier-config.aot", "-c", "history", "list", "--help"}, // "history" is -c's value here
            {"fraisier-store.aot", "--output", "json", "history", "--help"},
            {"fraisier-store.aot", "stats", "--help"},
            {"fraisier-store.aot", "lock", "list", "--help"},
            {"fraisier-store.aot", "deploy", "--dry-run", "--help"},
            {"fraisier-store.aot", "rollback", "--help", "--dry-run"},
            {"fraisier.aot", "--help"},
            {"fraisier.aot", "deploy", "--help"},
            {"fraisier.aot", "metrics", "--help"},
        }) {
            String[] args = java.util.Arrays.copyOfRange(expected, 1, expected.length);
            Run run = run(installation, Map.of("FRAISIER_JAVA_OPTS", "-XX:+PrintFlagsFinal"), args);

            String flag = run.stdout
                    .lines()
                    .filter(l -> l.contains(" AOTCache "))
                    .findFirst()
                    .orElse("(no AOTCache flag)");
            assertThat(flag).as(String.join(" ", args)).contains("= " + installation + "/lib/" + expected[0] + " ");
        }
    }

    @Test
    void anInstallationMissingItsLauncherLibrary_saysSo() throws Exception {
        Path copy = copyOfTheInstallation();
        Files.delete(copy.resolve("lib/launcher.sh"));

        Run run = run(copy);

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.stdout).isEmpty();
        assertThat(run.stderr).contains("fraisier: ", "lib/launcher.sh is missing", "install it again");
    }

    @Test
    void aLoneVersion_skipsTheCacheAndTheCommandModel() throws Exception {
        Run run = run(installation, Map.of(), "--version");

        assertThat(run.exit).isZero();
        assertThat(run.stdout).startsWith("fraisier ").isEqualTo(run(installation).stdout);
        assertThat(run.stderr).isEmpty();
        assertThat(run.classSource()).isEqualTo("(not loaded)");
        // the cache would have loaded picocli (and every class it holds) at start
        assertThat(run.classes).contains("io.fraisier.cli.Main source: file:").doesNotContain("picocli.CommandLine ");
        // the build's commit, read from the jar without a jar: URL (whose connection classes no archive holds)
        assertThat(run.stdout).contains("(commit " + builtCommit());
        assertThat(run.classes).doesNotContain("JarURLConnection");
    }

    /** The abbreviated commit in the installed fraisier-cli jar's version.properties ("unknown" without one). */
    private static String builtCommit() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(installation.resolve("lib"))) {
            jar = files.filter(f -> f.getFileName().toString().startsWith("fraisier-cli-"))
                    .findFirst()
                    .orElseThrow();
        }
        java.util.Properties properties = new java.util.Properties();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile());
                java.io.InputStream in = zip.getInputStream(zip.getEntry("io/fraisier/cli/version.properties"))) {
            properties.load(in);
        }
        String commit = properties.getProperty("git.commit.id.abbrev", "");
        return commit.isBlank() ? "unknown" : commit.strip();
    }

    /**
     * Issue #14: the store commands' cache was trained on a SQLite store and on a PostgreSQL one (train.sh), so
     * that {@code history} on either, a deployment in its history, loads nearly every class from it: on
     * PostgreSQL, the driver's connection, protocol and result-set classes too (some 90 of them came from the
     * jar when only a refused connection was trained: 154 classes from outside the cache then, 113 of them from
     * the jars). What is left are classes the JVM makes at run time, and one of the driver's.
     */
    @Test
    void history_onSqliteAndOnPostgres_loadsNearlyEveryClassFromTheCache() throws Exception {
        GitOrigin origin = GitOrigin.create(Files.createDirectories(tmp.resolve("repo")));
        origin.commit("v1", Map.of("VERSION", "1\n"));
        Path config = demoConfig(origin);
        Map<String, String> sqlite = Map.of("FRAISIER_HOME", tmp.resolve("home").toString());
        Map<String, String> postgres = Map.of(
                "FRAISIER_HOME", tmp.resolve("home-pg").toString(),
                "FRAISIER_DATABASE_URL", TestDatabases.postgresSchema());
        for (Map<String, String> store : List.of(sqlite, postgres)) {
            Map<String, String> env = new java.util.HashMap<>(store);
            env.put("FRAISIER_CONFIG", config.toString());
            Run deploy = run(installation, env, "deploy", "demo", "production");
            assertThat(deploy.exit).as(deploy.stderr).isZero();
            // the first deployment of each store went to app/; the second store's starts afresh
            deleteRecursively(tmp.resolve("app"));

            Run history = run(installation, env, "history");

            String where = store.containsKey("FRAISIER_DATABASE_URL") ? "PostgreSQL" : "SQLite";
            assertThat(history.exit).as(history.stderr).isZero();
            assertThat(history.stdout).as(where).contains("demo", "production");
            List<String> outside = history.classes
                    .lines()
                    .filter(l -> l.contains("source: ") && !l.contains("source: shared objects file"))
                    .toList();
            assertThat(outside)
                    .as("history on %s: classes not from lib/fraisier-store.aot", where)
                    .hasSizeLessThan(OUTSIDE_THE_CACHE);
            // pgjdbc's LazyCleanerImpl$CleanableWrapper, of its jar's Java 11 section (a multi-release jar), is
            // loaded from the jar even so: the training's JVM never listed it for the cache
            assertThat(outside)
                    .as("history on %s: classes from the jars", where)
                    .noneMatch(l -> l.contains("source: file:") && !l.contains("LazyCleanerImpl$CleanableWrapper "));
        }
    }

    /**
     * Issue #14: on PostgreSQL a store command opens the few jars it loads a class from, not the 70-odd of the
     * class path. Two searches used to read every jar on the command's thread: the JDK's choice of a logging
     * backend when the driver starts {@code java.util.logging} (now answered by lib/boot/logger-finder.jar),
     * and the driver's search for its defaults file (spared by {@code -Dfraisier.postgresql.driverconfig=absent});
     * and the driver's one class outside the cache came from its jar, which stood fiftieth (now second).
     */
    @Test
    void history_onPostgres_opensOnlyTheJarsItLoadsFrom() throws Exception {
        GitOrigin origin = GitOrigin.create(Files.createDirectories(tmp.resolve("repo")));
        origin.commit("v1", Map.of("VERSION", "1\n"));
        Map<String, String> env = Map.of(
                "FRAISIER_HOME", tmp.resolve("home").toString(),
                "FRAISIER_CONFIG", demoConfig(origin).toString(),
                "FRAISIER_DATABASE_URL", TestDatabases.postgresSchema());
        Run deploy = run(installation, env, "deploy", "demo", "production");
        assertThat(deploy.exit).as(deploy.stderr).isZero();
        Map<String, String> debug = new java.util.HashMap<>(env);
        debug.put("FRAISIER_JAVA_OPTS", "-Dsun.misc.URLClassPath.debug=true");

        Run history = run(installation, debug, "history");

        assertThat(history.exit).as(history.stderr).isZero();
        assertThat(history.stdout).contains("demo", "production");
        List<String> opened = history.stderr
                .lines()
                .filter(l -> l.startsWith("Opening "))
                .map(l -> l.substring(l.lastIndexOf('/') + 1))
                .toList();
        assertThat(opened).as("jars opened by history on PostgreSQL").contains("logger-finder.jar");
        assertThat(opened).as("jars opened by history on PostgreSQL").hasSizeLessThanOrEqualTo(4);
    }

    /**
     * Issue #14: a lambda, a method reference or a string concatenation that the training never ran is spun
     * at run time on every start (a hidden class and, for the first, the JDK's class-file machinery: 3 to 10
     * ms), and so is a serializable lambda ({@code Comparator.comparing}) or a lambda in an interface's
     * constant even when trained: the cache does not hold those. The store commands and a dry run of a new
     * version (what an operator asks before deploying it) spin none: what is left outside the cache is the
     * JDK's own ({@code DirectMethodHandle$1}, the JFR event classes a process start loads).
     */
    @Test
    void storeCommandsAndADryRunOfANewVersion_spinNoClassAtRunTime() throws Exception {
        GitOrigin origin = GitOrigin.create(Files.createDirectories(tmp.resolve("repo")));
        origin.commit("v1", Map.of("VERSION", "1\n"));
        Path config = demoConfig(origin);
        // a temporary folder of its own: the registry of process groups lives there, and another test's
        // leftover records would send the dry run down the path that reaps them
        Map<String, String> env = Map.of(
                "FRAISIER_HOME", tmp.resolve("home").toString(),
                "FRAISIER_CONFIG", config.toString(),
                "FRAISIER_JAVA_OPTS", "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("java-tmp")));
        Run deploy = run(installation, env, "deploy", "demo", "production");
        assertThat(deploy.exit).as(deploy.stderr).isZero();
        origin.commit("v2", Map.of("VERSION", "2\n"));

        for (String[] args :
                new String[][] {{"history"}, {"status-all"}, {"stats"}, {"deploy", "--dry-run", "demo", "production"}
                }) {
            Run run = run(installation, env, args);

            String command = String.join(" ", args);
            assertThat(run.exit).as(command + ": " + run.stderr).isZero();
            assertThat(run.classes
                            .lines()
                            .filter(l -> l.contains("source: ") && !l.contains("source: shared objects file"))
                            .filter(l -> !l.contains("java.lang.invoke.DirectMethodHandle$1 ")
                                    && !l.contains("jdk.internal.event."))
                            .toList())
                    .as("%s: classes from outside lib/fraisier-store.aot", command)
                    .isEmpty();
        }
    }

    /** fraises.yaml with one fraise, demo/production, deployed by the local provider from {@code origin}. */
    private Path demoConfig(GitOrigin origin) throws IOException {
        return Files.writeString(tmp.resolve("fraises.yaml"), """
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
                """.formatted(origin.dir(), tmp.resolve("app")));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Path copyOfTheInstallation() throws IOException {
        return copyOfTheInstallation("fraisier");
    }

    private Path copyOfTheInstallation(String name) throws IOException {
        Path copy = tmp.resolve(name);
        for (String sub : List.of("bin", "lib")) {
            Files.createDirectories(copy.resolve(sub));
            try (Stream<Path> files = Files.list(installation.resolve(sub))) {
                for (Path f : files.toList()) {
                    Files.copy(
                            f,
                            copy.resolve(sub).resolve(f.getFileName().toString()),
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    private Run run(Path home) throws Exception {
        return run(home, Map.of());
    }

    private Run run(Path home, Map<String, String> extra) throws Exception {
        return run(home, extra, "--version", "--no-color");
    }

    private Run run(Path home, Map<String, String> extra, String... args) throws Exception {
        Path classLog = tmp.resolve("classes-" + System.nanoTime() + ".log");
        List<String> command =
                new ArrayList<>(List.of(home.resolve("bin/fraisier").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("FRAISIER_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("FRAISIER_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
        extra.forEach((k, v) -> env.merge(k, v, (a, b) -> a + " " + b));
        Path out = tmp.resolve("out-" + System.nanoTime());
        Path err = tmp.resolve("err-" + System.nanoTime());
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("fraisier --version ended")
                .isTrue();
        String classes = Files.isRegularFile(classLog) ? Files.readString(classLog, StandardCharsets.UTF_8) : "";
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                classes);
    }

    private record Run(int exit, String stdout, String stderr, String classes) {
        /** The class-load line of {@link #PROBE}: where it came from. */
        String classSource() {
            return classes.lines().filter(l -> l.contains(PROBE)).findFirst().orElse("(not loaded)");
        }
    }
}
