package io.fraisier.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI in a process of its own as an operator does: the build's installation
 * ({@code target/fraisier-<version>/bin/fraisier}: the launcher, {@code lib/} and the AOT caches, made at
 * package time, before the integration tests; a test is skipped, saying how to build it, without one), with
 * the given environment only for the Fraisier variables: the parent's FRAISIER_* variables never leak in.
 */
final class CliProcess {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path launcher;
    private final Path workingDirectory;
    private final Map<String, String> environment = new HashMap<>();

    CliProcess(Path workingDirectory, Map<String, String> fraisierEnvironment) {
        try {
            this.launcher = BuiltInstallation.find().resolve("bin/fraisier");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.workingDirectory = workingDirectory;
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("FRAISIER_")) {
                environment.put(k, v);
            }
        });
        environment.put("HOME", workingDirectory.toString());
        // the JDK running the tests, whichever the machine's default is
        environment.put("JAVA_HOME", System.getProperty("java.home"));
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
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
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
