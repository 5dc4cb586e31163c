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

/**
 * Runs {@code io.fraisier.cli.Main} in a JVM of its own, on this test JVM's class path (Surefire and
 * Failsafe set {@code java.class.path} to the test class path), with the given environment only for the
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

    /** One JVM alone writes the class-data archive, so concurrent first runs never race to write it. */
    private void makeArchive() {
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
            pb.environment().putAll(environment);
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
