package io.fraisier.providers.host;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * File checks and changes on the host. Each is a constant {@code /bin/sh -c} script that reads its values
 * as positional parameters ({@code "$1"}, {@code "$2"}), so that no path ever becomes part of shell code:
 * the values travel as quoted arguments.
 *
 * <p>Thread-safe when its runner is.
 */
final class HostFiles {
    static final String EXISTS = "[ -e \"$1\" ] || [ -L \"$1\" ]";
    static final String IS_DIR = "[ -d \"$1\" ] && [ ! -L \"$1\" ]";
    static final String CHECKED_OUT = "[ -f \"$1/.git/index\" ] || [ -f \"$1/.git\" ]";
    static final String EMPTY_OR_ABSENT = "[ ! -e \"$1\" ] || { [ -d \"$1\" ] && [ -z \"$(ls -A \"$1\")\" ]; }"
            + " || { echo \"app_path $1 exists, is not empty and is not a git checkout\"; exit 1; }";
    static final String MKDIR = "mkdir -p \"$1\"";
    static final String DELETE = "rm -rf \"$1\"";
    static final String READ_LINK = "[ -L \"$1\" ] || exit 3; readlink \"$1\"";
    static final String WRITABLE = String.join(
            "\n",
            "p=\"$1\"",
            "if [ -d \"$p\" ]; then",
            "  if [ -w \"$p\" ]; then echo \"$p exists and is writable by $(id -un)\"; exit 0; fi",
            "  echo \"$p exists but is not writable by $(id -un)\"; exit 1",
            "elif [ -e \"$p\" ]; then echo \"$p exists and is not a directory\"; exit 1",
            "fi",
            "q=\"$p\"",
            "while [ ! -e \"$q\" ]; do q=$(dirname \"$q\"); done",
            "if [ -d \"$q\" ] && [ -w \"$q\" ]; then echo \"$p does not exist yet; $q is writable, so it can be created\"; exit 0; fi",
            "echo \"$p does not exist and $q is not writable by $(id -un)\"; exit 1");
    private static final Duration QUICK = Duration.ofSeconds(30);

    private final CommandRunner runner;

    HostFiles(CommandRunner runner) {
        this.runner = runner;
    }

    /** Whether {@code script} exits 0 for {@code args}. */
    boolean test(String step, String script, String... args) {
        return runner.run(spec(step, script, args)).ok();
    }

    CommandResult run(String step, String script, String... args) {
        return runner.run(spec(step, script, args));
    }

    /** Runs {@code script}, failing the deployment with {@code hint} when it does not exit 0. */
    CommandResult require(String step, String script, String hint, String... args) {
        return runner.runOrFail(spec(step, script, args), ErrorCode.DEPLOYMENT_FAILED, hint);
    }

    static CommandSpec spec(String step, String script, String... args) {
        List<String> argv = new ArrayList<>(List.of(CommandSpec.SHELL, "-c", script, "fraisier"));
        argv.addAll(List.of(args));
        return new CommandSpec(step, argv, null, java.util.Map.of(), QUICK, step + " " + String.join(" ", args));
    }
}
