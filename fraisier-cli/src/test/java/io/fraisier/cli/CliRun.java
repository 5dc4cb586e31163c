package io.fraisier.cli;

import io.fraisier.core.api.FraisierBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the command line in-process with an injected environment and captured stdout/stderr. */
final class CliRun {
    private final Map<String, String> environment = new HashMap<>();
    private final Path workingDirectory;
    private Consumer<FraisierBuilder> wiring = builder -> {};

    CliRun(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        // keep the host's /var/lib/fraisier and config out of the tests
        environment.put("FRAISIER_HOME", workingDirectory.resolve("home").toString());
        environment.put("HOME", workingDirectory.toString());
        environment.put("FRAISIER_LOG_DIR", workingDirectory.resolve("log").toString());
    }

    CliRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Applied to every Fraisier the commands build (scripted providers). */
    CliRun wiring(Consumer<FraisierBuilder> value) {
        this.wiring = value;
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // as the executable does: only the subcommand the arguments name is built (Subcommands)
        CommandLine cli = FraisierCommand.commandLine(new FraisierCommand(environment, workingDirectory, wiring), args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
