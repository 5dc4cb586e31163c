package io.fraisier.providers.compose;

import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fake {@link CommandRunner}: answers by the command line's prefix, records every command it got. */
final class ScriptedRunner implements CommandRunner {
    final List<CommandSpec> ran = new ArrayList<>();
    private final Map<String, CommandResult> answers = new LinkedHashMap<>();

    /** A command killed at its timeout after {@code took}, having printed nothing. */
    ScriptedRunner timesOut(String commandPrefix, Duration took) {
        answers.put(commandPrefix, new CommandResult(true, -1, true, "", took));
        return this;
    }

    ScriptedRunner answer(String commandPrefix, int exit, String output) {
        answers.put(commandPrefix, new CommandResult(true, exit, false, output, Duration.ZERO));
        return this;
    }

    ScriptedRunner missing(String commandPrefix) {
        answers.put(commandPrefix, CommandResult.notStarted(commandPrefix + ": No such file or directory"));
        return this;
    }

    @Override
    public CommandResult run(CommandSpec spec) {
        ran.add(spec);
        String line = String.join(" ", spec.argv());
        return answers.entrySet().stream()
                .filter(e -> line.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(CommandResult.notStarted("unscripted: " + line));
    }

    List<String> lines() {
        return ran.stream().map(s -> String.join(" ", s.argv())).toList();
    }
}
