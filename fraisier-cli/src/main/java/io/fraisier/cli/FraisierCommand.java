package io.fraisier.cli;

import io.fraisier.cli.command.CommandContext;
import io.fraisier.cli.command.OptionConverters;
import io.fraisier.cli.logging.LoggingSetup;
import io.fraisier.cli.render.Json;
import io.fraisier.cli.render.OutputFormat;
import io.fraisier.cli.render.Terminal;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.api.FraisierBuilder;
import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.Scrubber;
import io.fraisier.core.configfile.ConfigLoader;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentListener;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ServiceDirectory;
import io.fraisier.providers.shell.LocalHookRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top command. Its shared options ({@code -c}, {@code --output}, {@code -v}, {@code --no-color},
 * {@code --help}) are inherited, so they are accepted before or after any subcommand; subcommands reach
 * them, the environment and the working directory through {@code spec.root()}.
 */
@Command(
        name = "fraisier",
        description = "Deploys services (fraises) to environments, records and locks every deployment.",
        synopsisSubcommandLabel = "COMMAND")
public final class FraisierCommand implements Callable<Integer>, CommandContext {
    /** Environment variable overriding the lock lease length, in seconds. */
    public static final String LEASE_VARIABLE = "FRAISIER_LEASE_SECONDS";
    /** Seconds the CLI may spend sending due notifications before it exits (default 3, 0: none). */
    public static final String NOTIFICATION_WAIT_VARIABLE = "FRAISIER_NOTIFICATION_WAIT";
    /** Seconds before a notification that was not accepted is first tried again (default 15). */
    public static final String NOTIFICATION_RETRY_VARIABLE = "FRAISIER_NOTIFICATION_RETRY_SECONDS";

    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Consumer<FraisierBuilder> wiring;
    private volatile Scrubber scrubber;
    private final StoreSplitWarning storeSplit = new StoreSplitWarning();
    // bin/fraisier's index of the installation's services, else ServiceLoader (tests, the IDE)
    private final ServiceDirectory services = ServiceIndex.fromSystemProperty();

    // the annotated fields are package-private, not private: the generated FraisierCommandModel sets them
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "The fraises.yaml to use. Default: $FRAISIER_CONFIG, then"
                    + " /opt/fraisier/fraises.yaml, then fraises.yaml or config/fraises.yaml in the current"
                    + " folder.")
    @Nullable
    Path config;

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            scope = ScopeType.INHERIT,
            description = "text (default) or json: one JSON document on stdout, errors included.")
    OutputFormat output = OutputFormat.text;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "More detail: -v info logs and the output of hooks and install/restart commands, -vv debug"
                    + " logs; stack traces of internal errors.")
    boolean[] verbose = new boolean[0];

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Never colour the output.")
    boolean noColor;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            scope = ScopeType.INHERIT,
            description = "Log lines as text (default) or json (one object per line);"
                    + " default: $FRAISIER_LOG_FORMAT, else text.")
    LoggingSetup.@Nullable Format logFormat;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            scope = ScopeType.INHERIT,
            description = "Show this help and exit.")
    boolean help;

    @Option(
            names = "--version",
            description = "Print the version and commit; with -v also the Java runtime and the store.")
    boolean version;

    public FraisierCommand(Map<String, String> environment, Path workingDirectory) {
        this(environment, workingDirectory, builder -> {});
    }

    /**
     * @param wiring applied to every {@link Fraisier} a command builds, after the defaults (tests hand in
     *     scripted providers and clocks; the executable passes nothing and everything is discovered)
     */
    public FraisierCommand(Map<String, String> environment, Path workingDirectory, Consumer<FraisierBuilder> wiring) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.wiring = Objects.requireNonNull(wiring, "wiring");
        this.scrubber = Scrubber.of(null, this.environment);
    }

    /**
     * A ready command line: error mapping, logging set from the parsed options, and the process's
     * environment and working directory injected (tests pass their own).
     */
    public static CommandLine commandLine(Map<String, String> environment, Path workingDirectory) {
        return commandLine(new FraisierCommand(environment, workingDirectory));
    }

    /** {@link #commandLine(Map, Path)} for a given top command (tests wire their own providers). */
    public static CommandLine commandLine(FraisierCommand root) {
        return configured(root, Subcommands.tree(root, null));
    }

    /**
     * A command line to execute {@code args} with: the same as {@link #commandLine(FraisierCommand)}, but
     * with only the subcommand {@code args} names when that is certain (the others' models are never built:
     * see {@link Subcommands}).
     */
    public static CommandLine commandLine(FraisierCommand root, String... args) {
        return configured(root, Subcommands.tree(root, args));
    }

    // after the subcommands are added: picocli hands handlers, streams and converters only to those it has
    private static CommandLine configured(FraisierCommand root, CommandLine cli) {
        ErrorReporter reporter = new ErrorReporter(root);
        cli.setExecutionExceptionHandler(reporter);
        cli.setParameterExceptionHandler(reporter);
        // nothing printed shows a secret: the environment's at once, the config's once it is loaded
        cli.setOut(ScrubbingWriter.wrap(cli.getOut(), root::scrubber));
        cli.setErr(ScrubbingWriter.wrap(cli.getErr(), root::scrubber));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // invalid values become usage errors that name the option and the expected grammar
        OptionConverters.register(cli);
        cli.setExecutionStrategy(parseResult -> {
            LoggingSetup logging;
            try {
                logging = root.logging();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage(), e);
            }
            logging.apply();
            if (!root.terminal().color()) {
                // help text follows --no-color, NO_COLOR and TERM=dumb like everything else
                cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cli;
    }

    @Override
    public Integer call() {
        if (version) {
            PrintWriter out = out();
            VersionInfo info = VersionInfo.load();
            if (json()) {
                Json.print(out, info.toJson(verbosity() > 0 ? new StoreLocation(this).describe() : null));
            } else {
                out.println(info.line());
                if (verbosity() > 0) {
                    out.println("java: " + VersionInfo.javaRuntime());
                    out.println("store: " + new StoreLocation(this).describe());
                }
            }
            out.flush();
            return 0;
        }
        spec.commandLine().usage(err());
        return ErrorCode.USAGE.exitCode();
    }

    /** Loads the configuration named by {@code -c} or found by the documented lookup. */
    public FraisierConfig loadConfig() {
        FraisierConfig loaded = new ConfigLoader(environment, workingDirectory)
                .withProviders(services.load(DeploymentProviderFactory.class))
                .load(config);
        scrubber = Scrubber.of(loaded, environment);
        ClassPathWarmUp.forStore(loaded.database(), environment, subcommandName());
        return loaded;
    }

    /** The name of the subcommand picocli parsed (null before parsing or without one). */
    private @Nullable String subcommandName() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed == null || !parsed.hasSubcommand()) {
            return null;
        }
        return parsed.subcommand().commandSpec().name();
    }

    /** What printed text is scrubbed with: the environment's secrets, and the config's once loaded. */
    public Scrubber scrubber() {
        return scrubber;
    }

    /**
     * The front door on the configured store (found through {@link #services}: SQLite or PostgreSQL) and the
     * discovered providers. Building it runs crash recovery. The caller closes it.
     */
    public Fraisier openFraisier(FraisierConfig config, DeploymentListener... listeners) {
        FraisierBuilder builder =
                Fraisier.builder().config(config).environment(environment).listener(listeners);
        // hooks run on this host and start from the basics of the command's environment, never all of it
        builder.hookRunner(new LocalHookRunner(environment)).services(services);
        leaseOverride().ifPresent(builder::lease);
        wiring.accept(builder);
        Fraisier fraisier = builder.build();
        // on stderr: never part of --output json's document
        storeSplit.check(fraisier.storeDescription(), environment).ifPresent(warning -> {
            PrintWriter err = err();
            err.println(warning);
            err.flush();
        });
        return fraisier;
    }

    /**
     * Sends the due notifications through the command's own front door, for at most
     * {@value #NOTIFICATION_WAIT_VARIABLE} seconds (default 3; 0 leaves them to the daemon or the next run).
     * A receiver that is down costs this process nothing more than a refused connection: the message is
     * retried later, by whichever process runs then.
     */
    @Override
    public void deliverNotifications(Fraisier fraisier, FraisierConfig config) {
        if (config.notifications().isEmpty()) {
            return;
        }
        Duration budget = notificationWait();
        if (budget.isZero()) {
            return;
        }
        try {
            io.fraisier.providers.notify.NotificationDispatcher.standard(
                            fraisier.notificationOutbox(),
                            config.notifications(),
                            scrubber,
                            java.time.Clock.systemUTC(),
                            "cli-" + ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID(),
                            retryPolicy())
                    .deliverDue(budget);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(FraisierCommand.class)
                    .warn("notifications not sent: {}", scrubber.scrub(String.valueOf(e.getMessage())));
        }
    }

    /**
     * {@value #NOTIFICATION_RETRY_VARIABLE}: the first wait before a notification that was not accepted is
     * tried again (default 15 s; it doubles each time up to 30 min).
     */
    io.fraisier.providers.notify.RetryPolicy retryPolicy() {
        io.fraisier.providers.notify.RetryPolicy d = io.fraisier.providers.notify.RetryPolicy.DEFAULT;
        String value = environment.get(NOTIFICATION_RETRY_VARIABLE);
        if (value == null || value.isBlank()) {
            return d;
        }
        try {
            double seconds = Double.parseDouble(value.strip());
            if (seconds >= 0.1 && seconds <= 3600) {
                Duration first = Duration.ofMillis(Math.round(seconds * 1000));
                return new io.fraisier.providers.notify.RetryPolicy(
                        first, first.compareTo(d.cap()) > 0 ? first : d.cap(), d.maxAttempts());
            }
        } catch (NumberFormatException e) {
            // the default below
        }
        org.slf4j.LoggerFactory.getLogger(FraisierCommand.class)
                .warn(
                        "{}={} is not a number of seconds from 0.1 to 3600; using 15",
                        NOTIFICATION_RETRY_VARIABLE,
                        value);
        return d;
    }

    /** {@value #NOTIFICATION_WAIT_VARIABLE}: how long the CLI may send notifications before it exits. */
    Duration notificationWait() {
        String value = environment.get(NOTIFICATION_WAIT_VARIABLE);
        if (value == null || value.isBlank()) {
            return Duration.ofSeconds(3);
        }
        try {
            double seconds = Double.parseDouble(value.strip());
            if (seconds >= 0 && seconds <= 60) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // the default below
        }
        org.slf4j.LoggerFactory.getLogger(FraisierCommand.class)
                .warn("{}={} is not a number of seconds from 0 to 60; using 3", NOTIFICATION_WAIT_VARIABLE, value);
        return Duration.ofSeconds(3);
    }

    /**
     * Runs a provider's connectivity checks with the discovered (or, in tests, wired) providers, without
     * opening the store: {@code provider-test} must work before any database does.
     */
    public List<CheckResult> providerTest(FraisierConfig config, EnvironmentConfig environmentConfig) {
        FraisierBuilder builder =
                Fraisier.builder().config(config).environment(environment).services(services);
        wiring.accept(builder);
        return builder.providerTest(environmentConfig);
    }

    /**
     * {@value #LEASE_VARIABLE}: a shorter lock lease, so a killed process's lock frees sooner than the
     * default minute (tests and operators of short deployments); at least 3 s.
     */
    Optional<Duration> leaseOverride() {
        String value = environment.get(LEASE_VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 3) {
            throw new FraisierException(
                    ErrorCode.USAGE,
                    LEASE_VARIABLE + "=" + value + " is not a lease length",
                    "Set it to a whole number of seconds, at least 3 (default "
                            + FraisierBuilder.DEFAULT_LEASE.toSeconds() + "), or unset it.");
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }

    @Override
    public ServiceDirectory services() {
        return services;
    }

    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }

    public @Nullable Path configOption() {
        return config;
    }

    public boolean json() {
        return output == OutputFormat.json;
    }

    /**
     * Console logging as asked: {@code -v}, {@code FRAISIER_LOG}/{@code RUST_LOG}, {@code --log-format}
     * else {@code FRAISIER_LOG_FORMAT}.
     *
     * @throws IllegalArgumentException when {@code FRAISIER_LOG_FORMAT} is not a format
     */
    @Override
    public LoggingSetup logging() {
        LoggingSetup.Format format = logFormat != null ? logFormat : LoggingSetup.formatFrom(environment);
        return LoggingSetup.forCommand(verbosity(), environment)
                .withFormat(format == null ? LoggingSetup.Format.text : format)
                // log lines on stderr show no secret, like everything else the CLI prints
                .scrubbedWith(text -> scrubber.scrub(text));
    }

    public int verbosity() {
        return verbose.length;
    }

    @Override
    public String versionName() {
        return "fraisier " + VersionInfo.load().version();
    }

    public Terminal terminal() {
        return Terminal.detect(noColor, environment);
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    public PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
