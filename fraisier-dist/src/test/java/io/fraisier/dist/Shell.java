package io.fraisier.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end (or kills it after a timeout) and keeps what it printed, stdout and stderr together. */
final class Shell {
    private Shell() {}

    record Result(List<String> command, int exit, String output) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + " from " + command + ":\n" + output);
            }
            return this;
        }
    }

    static Result run(List<String> command, Path directory, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("fraisier-dist-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            // a null value removes the variable
            environment.forEach((k, v) -> {
                if (v == null) {
                    builder.environment().remove(k);
                } else {
                    builder.environment().put(k, v);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + timeout + ": " + command + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(List.of(command), Path.of("."), Map.of(), Duration.ofMinutes(2));
    }

    /** Runs {@code script} with {@code bash -euo pipefail}, as a reader would paste it into a root shell. */
    static Result bash(String script, Path directory, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(List.of("bash", "-euo", "pipefail", "-c", script), directory, environment, Duration.ofMinutes(2));
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
    }
}
