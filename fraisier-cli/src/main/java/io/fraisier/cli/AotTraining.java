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
 * <p>Arguments: the profile ({@link #commands}), the {@code fraises.yaml} to use, then the fraise and
 * environment it deploys (with the {@code local} provider, into the store that config names).
 */
public final class AotTraining {
    private AotTraining() {}

    /**
     * What each cache is trained on; bin/fraisier uses the cache whose commands include the one it runs
     * ({@code store} and {@code config} are subsets of {@code full}, trained in their own JVMs).
     */
    static List<List<String>> commands(String profile, String fraise, String env) {
        // Each cache holds only what its commands load: the JVM loads every class of its cache at start-up,
        // so a class trained for another command costs every command that uses the cache (bench/cli/README.md)
        List<List<String>> config =
                List.of(List.of("list"), List.of("list", "--output", "json"), List.of("config", "validate"));
        // the commands that read the store and write nothing (plain JDBC, no jOOQ: SqlReads)
        List<List<String>> store = List.of(
                List.of("history"),
                List.of("history", "--output", "json"),
                List.of("status-all"),
                List.of("stats"),
                List.of("lock", "list"),
                List.of("deploy", "--dry-run", fraise, env));
        return switch (profile) {
            case "config" -> config;
            case "store" -> store;
            case "full" -> {
                List<List<String>> all = new java.util.ArrayList<>(config);
                all.add(List.of("--version", "-v"));
                all.add(List.of("--help"));
                all.add(List.of("deploy", fraise, env));
                all.add(List.of("status", fraise, env));
                all.addAll(store);
                all.add(List.of("webhooks"));
                yield all;
            }
            default -> throw new IllegalArgumentException("no training profile " + profile);
        };
    }

    /**
     * The commands find their services as under bin/fraisier, through lib/services (written before the
     * training, next to this jar), so the caches hold the classes that reading it loads.
     */
    private static void useTheServiceIndex() {
        try {
            Path jar = Path.of(AotTraining.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path services = jar.resolveSibling("services");
            if (java.nio.file.Files.isRegularFile(services) && System.getProperty(ServiceIndex.PROPERTY) == null) {
                System.setProperty(ServiceIndex.PROPERTY, services.toString());
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // trained on ServiceLoader then: the caches only miss the index's few classes
        }
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: AotTraining full|store|config FRAISES_YAML FRAISE ENVIRONMENT");
            System.exit(2);
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("FRAISIER_CONFIG", args[1]);
        // the logging backend the trained commands get from bin/fraisier (Main): none of them is metrics or
        // logs JSON, so the caches hold the console logger's classes and not logback's
        io.fraisier.cli.logging.LoggingSetup.chooseBackend(new String[0], environment);
        useTheServiceIndex();
        List<List<String>> commands = commands(args[0], args[2], args[3]);
        Path workingDirectory = Path.of("").toAbsolutePath();
        int failed = 0;
        for (List<String> command : commands) {
            String[] arguments = command.toArray(String[]::new);
            int status = Main.run(arguments, environment, workingDirectory);
            if (status != 0) {
                System.err.println("AOT training: fraisier " + String.join(" ", command) + " exited " + status);
                failed++;
            }
        }
        if (!args[0].equals("config")) {
            // PostgreSQL's driver as far as it goes without a server (there is none at package time): a
            // refused connection loads the driver, its URL and property handling, socket and error classes,
            // which a store on PostgreSQL would otherwise read from the jar at every command
            Map<String, String> postgres = new HashMap<>(environment);
            postgres.put("FRAISIER_DATABASE_URL", "postgresql://fraisier@127.0.0.1:9/fraisier?connectTimeout=2");
            Main.run(new String[] {"history"}, postgres, workingDirectory); // fails: DATABASE_UNAVAILABLE
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
