package io.fraisier.providers.compose;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The deployed tag (and the one before it) kept next to the compose file as {@code .fraisier-<service>.tag}
 * and {@code .fraisier-<service>.previous.tag}, so the version survives a stopped service and Fraisier's
 * restarts. Read and written through the {@link CommandRunner}, where compose runs.
 *
 * <p>Thread-safe when its runner is.
 */
final class TagStateFile {
    // "$1" etc. are positional parameters: values never meet the shell's parser
    private static final String READ = "if [ -f \"$1\" ]; then cat \"$1\"; fi";
    private static final String WRITE = "printf '%s\\n' \"$1\" > \"$2.tmp\" && mv \"$2.tmp\" \"$2\"";

    private final CommandRunner runner;
    private final String current;
    private final String previous;

    TagStateFile(CommandRunner runner, String composeDir, String service) {
        this.runner = runner;
        this.current = Path.of(composeDir, ".fraisier-" + service + ".tag").toString();
        this.previous =
                Path.of(composeDir, ".fraisier-" + service + ".previous.tag").toString();
    }

    Optional<String> current() {
        return read(current);
    }

    Optional<String> previous() {
        return read(previous);
    }

    /** Records {@code tag} as deployed; the tag it replaces, when different, becomes the previous one. */
    void record(String tag, Optional<String> replaced) {
        if (replaced.isPresent() && !replaced.get().equals(tag)) {
            write(previous, replaced.get());
        }
        write(current, tag);
    }

    String path() {
        return current;
    }

    private Optional<String> read(String file) {
        CommandResult result = runner.runOrFail(
                CommandSpec.of(
                                "state",
                                List.of(CommandSpec.SHELL, "-c", READ, "fraisier-state", file),
                                ComposeCli.SHORT)
                        .shownAs("cat " + file),
                ErrorCode.DEPLOYMENT_FAILED,
                "Check that " + file + " is readable.");
        String tag = result.output().strip();
        return tag.isEmpty() || tag.contains("\n") ? Optional.empty() : Optional.of(tag);
    }

    private void write(String file, String tag) {
        runner.runOrFail(
                CommandSpec.of(
                                "state",
                                List.of(CommandSpec.SHELL, "-c", WRITE, "fraisier-state", tag, file),
                                ComposeCli.SHORT)
                        .shownAs("write " + tag + " to " + file),
                ErrorCode.DEPLOYMENT_FAILED,
                "Fraisier keeps the deployed tag in " + file + ": make its folder writable by Fraisier's user.");
    }
}
