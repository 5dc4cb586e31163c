package io.fraisier.cli;

import io.fraisier.core.config.DatabaseConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Does on other threads, early, work that the command's own thread would otherwise do later and wait for:
 * opening the jars of the class path, for the commands that will have them all opened anyway, and reading
 * the JDK's calendar data, for the commands that open a store and start no process.
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
 * <p>In an installation, a PostgreSQL store no longer makes either search read every jar ({@link
 * #postgresOpensFewJars()}), and its commands that start no process do not warm up the jars either: they open
 * three.
 *
 * <p>Commands that start no process and read SQLite (history, status-all, stats) open at most one jar, and
 * commands that open no store (list, config, init, help) none on any store: for them it would only cost CPU
 * (some 50 ms of the second core, and 17 ms of wall for {@code list} on a busy machine). A wrong guess costs
 * only that.
 *
 * <p>The store commands that start no process also read the calendar data early, on a thread of its own
 * ({@link #readCalendarData()}): both drivers build a {@code GregorianCalendar} on their first connection,
 * and the JDK's first one costs 15 to 30 ms, mostly spent listing every locale the CLDR data knows. The
 * process-starting commands do not: measured, the calendar first on the jar thread delayed the jar search
 * that their first process waits for (the dry run was slower), and on a thread of its own it did not pay on
 * two cores (bench/cli/README.md, session 11). On PostgreSQL, whose commands wait for the jar search at the
 * driver's first use, the calendar's thread runs while they wait.
 */
final class ClassPathWarmUp {
    /** The commands whose providers start processes (git, ssh, docker, systemctl) on the local host. */
    static final Set<String> PROCESS_COMMANDS = Set.of("deploy", "rollback", "status", "provider-test");

    /** The commands that read fraises.yaml at most and never open the store. */
    static final Set<String> STORELESS_COMMANDS = Set.of("list", "config", "init", "help");

    /** The options of the root command that take a value, so that their value is not the subcommand. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-c", "--config", "--output", "--log-format");

    private static final String DATABASE_URL_VARIABLE = "FRAISIER_DATABASE_URL";

    /** The store's switch (io.fraisier.persistence.PostgresDriverDefaults), set by bin/fraisier. */
    static final String POSTGRES_DRIVERCONFIG_PROPERTY = "fraisier.postgresql.driverconfig";

    /**
     * Set to {@code boot} by bin/fraisier when it adds lib/boot/logger-finder.jar (ServiceIndexWriter) to the boot
     * class path, which the JVM does not show.
     */
    static final String LOGGER_FINDER_PROPERTY = "fraisier.logger-finder";

    private static final AtomicBoolean JARS = new AtomicBoolean();
    private static final AtomicBoolean CALENDAR = new AtomicBoolean();

    private ClassPathWarmUp() {}

    /**
     * Starts the jar search when the command line names a process-starting command or a PostgreSQL URL, and
     * the calendar data's reading when it names a command that opens the store and starts no process.
     */
    static void forCommandLine(String[] args, Map<String, String> environment) {
        boolean jars = wanted(args, environment);
        boolean calendar = calendarWanted(args);
        if (jars || calendar) {
            start(calendar, jars);
        }
    }

    /** Whether the command opens a store and starts no process (see the class description). */
    static boolean calendarWanted(String[] args) {
        String subcommand = subcommand(args);
        return opensStore(subcommand) && !PROCESS_COMMANDS.contains(subcommand);
    }

    /** Whether the command line's command will have every jar opened (a process, a PostgreSQL URL). */
    static boolean wanted(String[] args, Map<String, String> environment) {
        String subcommand = subcommand(args);
        return (subcommand != null && PROCESS_COMMANDS.contains(subcommand))
                || (opensStore(subcommand) && postgresUrl(environment) && !postgresOpensFewJars());
    }

    /**
     * Whether PostgreSQL's driver will open no more jars than it loads classes from, so that the search would
     * only cost the second core: in an installation, bin/fraisier names the class path's logger finder on the
     * boot class path (lib/boot/logger-finder.jar, the JDK's backend detection then reads that jar alone; it
     * says so with {@value #LOGGER_FINDER_PROPERTY}) and says that no jar holds the driver's defaults file (so
     * the store spares the driver that search, see ServiceIndexWriter). Elsewhere (tests, the IDE) both
     * searches still read every jar.
     */
    static boolean postgresOpensFewJars() {
        return "absent".equals(System.getProperty(POSTGRES_DRIVERCONFIG_PROPERTY))
                && "boot".equals(System.getProperty(LOGGER_FINDER_PROPERTY));
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
        if (opensStore(subcommand) && wanted(database, environment) && !postgresOpensFewJars()) {
            start(false, true);
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

    /** Whether a warm-up of the jars was started in this JVM (for tests). */
    static boolean started() {
        return JARS.get();
    }

    /** Whether a warm-up of the calendar data was started in this JVM (for tests). */
    static boolean calendarStarted() {
        return CALENDAR.get();
    }

    private static void start(boolean calendar, boolean jars) {
        // a thread each: the jar search first, which the command may wait for sooner
        if (jars && JARS.compareAndSet(false, true)) {
            startThread(ClassPathWarmUp::findLoggerFinder);
        }
        if (calendar && CALENDAR.compareAndSet(false, true)) {
            startThread(ClassPathWarmUp::readCalendarData);
        }
    }

    static Thread startThread(Runnable work) {
        Thread thread = new Thread(work, "fraisier-warm-up");
        thread.setDaemon(true); // never keeps the JVM alive: a command that ends first just does not wait
        // silent whatever it meets, an Error too: the JVM's default would print a stack trace to the operator,
        // and the command's own thread meets the same problem and reports it in its words
        thread.setUncaughtExceptionHandler(IGNORE);
        thread.start();
        return thread;
    }

    /** The warm-up threads' handler (a class, not a lambda: its class would be spun at run time). */
    private static final Thread.UncaughtExceptionHandler IGNORE = new Ignore();

    private static final class Ignore implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread t, Throwable e) {
            // see startThread
        }
    }

    /**
     * The JDK's calendar and date-format data for the default locale and time zone, which both store drivers
     * read on their first connection: sqlite-jdbc builds a date formatter (a {@code GregorianCalendar} and
     * {@code DateFormatSymbols}) for every connection's settings, pgjdbc a {@code GregorianCalendar}. The
     * first {@code GregorianCalendar} of a JVM looks up the first day of the week, which makes the CLDR
     * provider list every locale it knows (some 1,000 language tags parsed, ~17 ms); the JDK caches the
     * answers, so the driver then finds them made.
     */
    private static void readCalendarData() {
        try {
            java.util.Locale locale = java.util.Locale.getDefault();
            java.util.Calendar.getInstance(java.util.TimeZone.getDefault(), locale);
            java.text.DateFormatSymbols.getInstance(locale);
            java.util.Locale format = java.util.Locale.getDefault(java.util.Locale.Category.FORMAT);
            if (!format.equals(locale)) {
                java.util.Calendar.getInstance(format);
            }
        } catch (RuntimeException e) {
            // the driver meets the same problem on the command's thread, and reports it there
        }
    }

    private static void findLoggerFinder() {
        try {
            System.LoggerFinder.getLoggerFinder();
        } catch (RuntimeException | java.util.ServiceConfigurationError e) {
            // the command's own thread meets the same problem when it starts a process, and reports it there
        }
    }
}
