package io.fraisier.providers.compose;

import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs commands inside the service's container with {@code compose exec -T}, so health commands see the
 * service as it sees itself.
 *
 * <p>Not thread-safe (shares its {@link ComposeCli}).
 */
final class ComposeExecRunner implements CommandRunner {
    private final ComposeCli cli;
    private final String service;

    ComposeExecRunner(ComposeCli cli, String service) {
        this.cli = cli;
        this.service = service;
    }

    @Override
    public CommandResult run(CommandSpec spec) {
        List<String> args = new ArrayList<>(List.of("exec", "-T"));
        for (Map.Entry<String, String> e : spec.env().entrySet()) {
            if (!cli.env().containsKey(e.getKey())) {
                args.addAll(List.of("-e", e.getKey() + "=" + e.getValue()));
            }
        }
        if (spec.workDir() != null) {
            args.addAll(List.of("-w", spec.workDir()));
        }
        args.add(service);
        args.addAll(spec.argv());
        CommandSpec exec = cli.composeSpec(spec.step(), null, spec.timeout(), args.toArray(String[]::new))
                .shownAs("exec " + service + " " + spec.display());
        return cli.runner().run(exec);
    }
}
