package io.fraisier.cli.it.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code fraisier} executable as an operator runs it: {@code io.fraisier.cli.Main} in a JVM of its own,
 * with only the environment given (plus {@code PATH}), so nothing of the test JVM leaks in.
 */
final class ForkedFraisier {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private ForkedFraisier() {}

    /** Runs one command to its end; its output goes to files so a chatty command never blocks on a pipe. */
    static Result run(Path dir, Map<String, String> env, List<String> args) {
        int n = RUNS.incrementAndGet();
        Path out = dir.resolve("cli-" + n + ".out");
        Path err = dir.resolve("cli-" + n + ".err");
        try {
            Process process = builder(dir, env, args)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(
                        "fraisier " + args + " did not end within 90 s; stderr:\n" + Files.readString(err));
            }
            return new Result(args, process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The command line of {@code fraisier args}, in {@code dir}, with exactly {@code env} and PATH. */
    static ProcessBuilder builder(Path dir, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // short-lived JVMs: C1 only and the serial GC start about a third faster
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED",
                "-Dorg.jooq.no-logo=true",
                "-Dorg.jooq.no-tips=true",
                "-cp",
                System.getProperty("java.class.path"),
                "io.fraisier.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.putAll(env);
        return builder;
    }

    record Result(List<String> args, int exit, String out, String err) {
        @Override
        public String toString() {
            return "fraisier " + String.join(" ", args) + ": exit " + exit + "\n--- stdout\n" + out + "--- stderr\n"
                    + err;
        }
    }
}
