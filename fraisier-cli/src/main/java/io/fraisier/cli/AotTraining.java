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
 * environment it deploys (with the {@code local} provider, into the store that config names), and optionally
 * the {@code FRAISIER_DATABASE_URL} of a PostgreSQL store: the {@code full} and {@code store} profiles then
 * also run the commands that read the store on it, so that their caches hold PostgreSQL's driver as far as a
 * query and its result set go. That store must have been filled first, by the profile {@code fill} in a JVM
 * that records nothing (its migration would double the caches' size and slow every start).
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
            // the PostgreSQL store the others read: migrated, with a deployment in its history
            case "fill" -> List.of(List.of("deploy", fraise, env));
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

    /** What the {@code full} and {@code store} profiles run again on PostgreSQL: the commands that only read. */
    static List<List<String>> onPostgres(String profile, String fraise, String env) {
        return profile.equals("full") || profile.equals("store") ? commands("store", fraise, env) : List.of();
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
        if (args.length != 4 && args.length != 5) {
            System.err.println(
                    "usage: AotTraining full|store|config|fill FRAISES_YAML FRAISE ENVIRONMENT [POSTGRES_DATABASE_URL]");
            System.exit(2);
        }
        String profile = args[0];
        String postgresUrl = args.length == 5 ? args[4] : null;
        if (profile.equals("fill") && postgresUrl == null) {
            System.err.println("AOT training: the profile fill needs the PostgreSQL store's URL");
            System.exit(2);
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("FRAISIER_CONFIG", args[1]);
        // the logging backend the trained commands get from bin/fraisier (Main): none of them is metrics or
        // logs JSON, so the caches hold the console logger's classes and not logback's
        io.fraisier.cli.logging.LoggingSetup.chooseBackend(new String[0], environment);
        useTheServiceIndex();
        Path workingDirectory = Path.of("").toAbsolutePath();
        Map<String, String> postgres = new HashMap<>(environment);
        if (postgresUrl != null) {
            postgres.put("FRAISIER_DATABASE_URL", postgresUrl);
        }
        int failed = run(commands(profile, args[2], args[3]), profile.equals("fill") ? postgres : environment, "");
        if (profile.equals("fill")) {
            System.exit(failed == 0 ? 0 : 1);
        }
        if (postgresUrl != null) {
            // a command failing on PostgreSQL leaves the SQLite training whole: train.sh reports the line
            run(onPostgres(profile, args[2], args[3]), postgres, "on PostgreSQL, ");
        } else if (!profile.equals("config")) {
            // without a server, PostgreSQL's driver as far as it goes: a refused connection loads the driver,
            // its URL and property handling, socket and error classes, which a store on PostgreSQL would
            // otherwise read from the jar at every command
            postgres.put("FRAISIER_DATABASE_URL", "postgresql://fraisier@127.0.0.1:9/fraisier?connectTimeout=2");
            Main.run(new String[] {"history"}, postgres, workingDirectory); // fails: DATABASE_UNAVAILABLE
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Runs {@code commands} in this JVM, one after the other; returns how many did not exit 0, each said on stderr. */
    private static int run(List<List<String>> commands, Map<String, String> environment, String where) {
        Path workingDirectory = Path.of("").toAbsolutePath();
        int failed = 0;
        for (List<String> command : commands) {
            int status = Main.run(command.toArray(String[]::new), environment, workingDirectory);
            if (status != 0) {
                System.err.println(
                        "AOT training: " + where + "fraisier " + String.join(" ", command) + " exited " + status);
                failed++;
            }
        }
        return failed;
    }
}
