package io.fraisier.cli.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the CLI in a process of its own as an operator does, through the build's installation
 * ({@code target/fraisier-<version>/bin/fraisier}: the launcher, {@code lib/} and the AOT caches, built at
 * package time, before the integration tests); without one (an IDE run before packaging) it runs
 * {@code io.fraisier.cli.Main} on this test JVM's class path (Surefire and Failsafe set
 * {@code java.class.path} to the test class path). Either way with the given environment only for the
 * Fraisier variables: the parent's FRAISIER_* variables never leak in.
 */
final class CliProcess {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** One archive per test JVM: failsafe runs two, and two JVMs must not write one archive at once. */
    private static final Path ARCHIVE = Path.of(
                    "target", "cli-it-" + ProcessHandle.current().pid() + ".jsa")
            .toAbsolutePath();
    /** The test class path without the test classes themselves (the CLI needs none of them). */
    private static final List<Path> CLASS_PATH = Arrays.stream(
                    System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .filter(p -> !p.endsWith("test-classes"))
            .toList();

    /**
     * The build's installation ({@code target/fraisier-<version>/bin/fraisier}, made at package time with its
     * AOT caches), which the tests run as an operator does; null when there is none (a test run from an IDE
     * before packaging), and the CLI then runs from the test class path.
     */
    private static final Path LAUNCHER = launcher();

    private static boolean archiveMade;

    private final Path workingDirectory;
    private final Map<String, String> environment = new HashMap<>();

    CliProcess(Path workingDirectory, Map<String, String> fraisierEnvironment) {
        this.workingDirectory = workingDirectory;
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("FRAISIER_")) {
                environment.put(k, v);
            }
        });
        environment.put("HOME", workingDirectory.toString());
        environment.put("FRAISIER_LOG_DIR", workingDirectory.resolve("log").toString());
        environment.putAll(fraisierEnvironment);
    }

    /** Runs a command to its end. */
    Result run(String... args) {
        Running r = start(args);
        return r.await();
    }

    /** Starts a command; its stdout and stderr go to files so a killed process leaves them readable. */
    Running start(String... args) {
        makeArchive();
        return launch(args);
    }

    private static Path launcher() {
        Path target = Path.of("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(target)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("fraisier-"))
                    .map(d -> d.resolve("bin/fraisier").toAbsolutePath())
                    .filter(f -> Files.isExecutable(f)
                            && Files.isRegularFile(f.getParent().resolveSibling("lib/classpath")))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JVM alone writes the class-data archive, so concurrent first runs never race to write it. */
    private void makeArchive() {
        if (LAUNCHER != null) {
            return; // the installation has its AOT caches
        }
        synchronized (CliProcess.class) {
            if (!archiveMade) {
                archiveMade = true;
                Result version = launch("--version").await();
                if (version.exit() != 0) {
                    throw new AssertionError(version.toString());
                }
            }
        }
    }

    private Running launch(String... args) {
        if (LAUNCHER != null) {
            List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
            command.addAll(List.of(args));
            Map<String, String> env = new HashMap<>(environment);
            // the JDK running the tests, whichever the machine's default is
            env.put("JAVA_HOME", System.getProperty("java.home"));
            return start(command, env, args);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dorg.jooq.no-logo=true",
                "-Dorg.jooq.no-tips=true"));
        if (CLASS_PATH.stream().noneMatch(Files::isDirectory)) {
            // a class-data archive made by the first run cuts a JVM's start-up several times over on this
            // shared machine; the JDK archives jars only (an IDE's class folders go without)
            command.addAll(
                    List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:disable"));
        }
        command.addAll(List.of(
                "-cp",
                String.join(
                        File.pathSeparator,
                        CLASS_PATH.stream().map(Path::toString).toList()),
                "io.fraisier.cli.Main"));
        command.addAll(List.of(args));
        return start(command, environment, args);
    }

    private Running start(List<String> command, Map<String, String> env, String... args) {
        try {
            Path out = Files.createTempFile(workingDirectory, "cli-", ".out");
            Path err = Files.createTempFile(workingDirectory, "cli-", ".err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().clear();
            pb.environment().putAll(env);
            return new Running(String.join(" ", args), pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Running(String description, Process process, Path out, Path err) {
        Result await() {
            try {
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError(
                            "fraisier " + description + " still running after " + TIMEOUT + "\n" + read(err));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new AssertionError("interrupted waiting for fraisier " + description, e);
            }
            return new Result(description, process.exitValue(), read(out), read(err));
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record Result(String command, int exit, String out, String err) {
        @Override
        public String toString() {
            return "fraisier " + command + ": exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
