package io.fraisier.cli.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the CLI's short commands: {@code LEVEL Logger: message} lines on stderr, as the
 * console appender of logback writes them, at the levels {@link LoggingSetup} sets, each line scrubbed of
 * secrets. It does in microseconds what logback's start-up does in about 20 ms (provider discovery,
 * {@code LoggerContext}, pattern parsing), which a command that logs nothing paid on every run.
 *
 * <p>Chosen by {@code Main} through the {@code slf4j.provider} system property
 * ({@link LoggingSetup#chooseBackend}) when the command needs no more than that; logback stays for
 * {@code metrics} (its log file), {@code --log-format json} and an operator's logback configuration.
 * Not registered in {@code META-INF/services}: slf4j must never find it by discovery (tests and embedders
 * get logback). Thread-safe.
 */
public final class ConsoleLogging implements SLF4JServiceProvider {
    /** The value of {@code slf4j.provider} that selects this provider. */
    public static final String PROVIDER_PROPERTY_VALUE = ConsoleLogging.class.getName();

    private final ConsoleLoggerFactory loggerFactory = new ConsoleLoggerFactory(ConsoleLoggerFactory::stderr);
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new BasicMDCAdapter();

    /** For slf4j, which instantiates the class named by {@code slf4j.provider}. */
    public ConsoleLogging() {}

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to read: the levels come from LoggingSetup.apply, warnings only until then
    }
}
