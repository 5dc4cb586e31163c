package io.fraisier.providers.host;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * File checks and changes on the host. The yes-or-no tests a dry run asks ({@link #exists},
 * {@link #isDirectory}, {@link #isCheckout}) go to the host's {@link FileTests}, chosen once: answered in
 * process on this host, by the shell on another. The rest (creating, deleting, reading a link, checking
 * that a folder is writable or empty) are constant {@code /bin/sh -c} scripts on every host: they change
 * things, or their messages ({@code id -un}, {@code ls -A}) are the shell's. A script reads its values as
 * positional parameters ({@code "$1"}, {@code "$2"}), so that no path ever becomes part of shell code: the
 * values travel as quoted arguments.
 *
 * <p>Thread-safe when its runner is.
 */
final class HostFiles {
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
    private final FileTests tests;

    HostFiles(CommandRunner runner, FileTests tests) {
        this.runner = runner;
        this.tests = tests;
    }

    /** The files of {@code host}: its runner for the scripts, {@link FileTests#on} for the tests. */
    static HostFiles on(HostAccess host) {
        return new HostFiles(host.runner(), FileTests.on(host));
    }

    /** {@link FileTests#exists}. */
    boolean exists(String step, String path) {
        return tests.exists(step, path);
    }

    /** {@link FileTests#isDirectory}. */
    boolean isDirectory(String step, String path) {
        return tests.isDirectory(step, path);
    }

    /** {@link FileTests#isCheckout}. */
    boolean isCheckout(String step, String path) {
        return tests.isCheckout(step, path);
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
