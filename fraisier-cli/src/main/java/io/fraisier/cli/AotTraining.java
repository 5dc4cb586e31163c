package io.fraisier.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run behind the tarball's JDK AOT cache ({@code src/aot/train.sh}, run at package time with
 * {@code -XX:AOTCacheOutput}): runs the everyday commands one after the other in this one JVM, so the
 * cache holds the classes each of them loads. Not part of the command line.
 *
 * <p>Arguments: the {@code fraises.yaml} to use, then the fraise and environment it deploys (with the
 * {@code local} provider, into the store that config names).
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: AotTraining FRAISES_YAML FRAISE ENVIRONMENT");
            System.exit(2);
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("FRAISIER_CONFIG", args[0]);
        String fraise = args[1];
        String env = args[2];
        List<List<String>> commands = List.of(
                List.of("--version"),
                List.of("--version", "-v"),
                List.of("--help"),
                List.of("list"),
                List.of("config", "validate"),
                List.of("deploy", fraise, env),
                List.of("deploy", "--dry-run", fraise, env),
                List.of("history"),
                List.of("history", "--output", "json"),
                List.of("status-all"),
                List.of("stats"),
                List.of("lock", "list"),
                List.of("webhooks"));
        Path workingDirectory = Path.of("").toAbsolutePath();
        int failed = 0;
        for (List<String> command : commands) {
            String[] arguments = command.toArray(String[]::new);
            int status = FraisierCommand.commandLine(new FraisierCommand(environment, workingDirectory), arguments)
                    .execute(arguments);
            if (status != 0) {
                System.err.println("AOT training: fraisier " + String.join(" ", command) + " exited " + status);
                failed++;
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
