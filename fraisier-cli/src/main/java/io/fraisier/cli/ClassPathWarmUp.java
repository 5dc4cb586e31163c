package io.fraisier.cli;

import io.fraisier.core.config.DatabaseConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Opens the jars of the class path on another thread, early, for the commands that will have them all
 * opened anyway, so that the command's own thread finds them open.
 *
 * <p>Two lookups read the directory of every jar of the class path (some 60 jars; bcprov alone holds 6,100
 * entries and an 800 KB signed manifest), about 60 ms on these machines even with the AOT cache:
 *
 * <ul>
 *   <li>the first process a JVM starts: since JDK 24 {@code ProcessBuilder.start} asks for its
 *       {@code System.Logger}, and finding the JDK's {@code System.LoggerFinder} is a {@code ServiceLoader}
 *       search of the whole class path (it goes on after finding one, to make sure there is only one);
 *   <li>PostgreSQL's driver on its first connection, which looks for {@code driverconfig.properties} in
 *       every jar.
 * </ul>
 *
 * The JVM keeps a jar open once it has read its directory, so whichever thread reads it first spares the
 * others. Started when the command is known (the process-starting commands, a PostgreSQL store), this
 * search runs on the second core while the command's thread reads its configuration and opens its store.
 * The search asked for is the logger finder's own ({@link System.LoggerFinder#getLoggerFinder()}), which
 * the JDK would otherwise make on the command's thread; it builds no logger, so it binds no logging
 * backend before the command has chosen one ({@link io.fraisier.cli.logging.LoggingSetup}).
 *
 * <p>Commands that start no process and read SQLite (history, status-all, stats) open at most one jar, and
 * commands that open no store (list, config, init, help) none on any store: for them it would only cost CPU
 * (some 50 ms of the second core, and 17 ms of wall for {@code list} on a busy machine). A wrong guess costs
 * only that.
 */
final class ClassPathWarmUp {
    /** The commands whose providers start processes (git, ssh, docker, systemctl) on the local host. */
    static final Set<String> PROCESS_COMMANDS = Set.of("deploy", "rollback", "status", "provider-test");

    /** The commands that read fraises.yaml at most and never open the store. */
    static final Set<String> STORELESS_COMMANDS = Set.of("list", "config", "init", "help");

    /** The options of the root command that take a value, so that their value is not the subcommand. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-c", "--config", "--output", "--log-format");

    private static final String DATABASE_URL_VARIABLE = "FRAISIER_DATABASE_URL";
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private ClassPathWarmUp() {}

    /** Starts the warm-up when the command line names a process-starting command or a PostgreSQL URL. */
    static void forCommandLine(String[] args, Map<String, String> environment) {
        if (wanted(args, environment)) {
            start();
        }
    }

    static boolean wanted(String[] args, Map<String, String> environment) {
        String subcommand = subcommand(args);
        return (subcommand != null && PROCESS_COMMANDS.contains(subcommand))
                || (opensStore(subcommand) && postgresUrl(environment));
    }

    /** Whether the command opens the store; unknown (null) when there is no command, as for --version. */
    static boolean opensStore(@Nullable String subcommand) {
        return subcommand != null && !STORELESS_COMMANDS.contains(subcommand);
    }

    /**
     * Starts the warm-up when the configuration's store is PostgreSQL (no URL variable overrides it) and the
     * command opens it.
     */
    static void forStore(
            @Nullable DatabaseConfig database, Map<String, String> environment, @Nullable String subcommand) {
        if (opensStore(subcommand) && wanted(database, environment)) {
            start();
        }
    }

    static boolean wanted(@Nullable DatabaseConfig database, Map<String, String> environment) {
        String url = environment.get(DATABASE_URL_VARIABLE);
        return (url == null || url.isBlank()) && database != null && database.isPostgres();
    }

    /** The first argument that is neither an option nor the value of one, as bin/fraisier picks its cache. */
    static @Nullable String subcommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    static boolean postgresUrl(Map<String, String> environment) {
        String url = environment.get(DATABASE_URL_VARIABLE);
        return url != null && !url.isBlank() && !url.strip().startsWith("sqlite");
    }

    /** Whether a warm-up was started in this JVM (for tests). */
    static boolean started() {
        return STARTED.get();
    }

    private static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(ClassPathWarmUp::findLoggerFinder, "fraisier-warm-up");
        thread.setDaemon(true); // never keeps the JVM alive: a command that ends first just does not wait
        thread.start();
    }

    private static void findLoggerFinder() {
        try {
            System.LoggerFinder.getLoggerFinder();
        } catch (RuntimeException | java.util.ServiceConfigurationError e) {
            // the command's own thread meets the same problem when it starts a process, and reports it there
        }
    }
}
