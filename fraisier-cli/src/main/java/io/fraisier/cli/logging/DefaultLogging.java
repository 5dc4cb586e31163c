package io.fraisier.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configurator (registered in {@code META-INF/services}): without a configuration of the
 * operator's it sets warnings to stderr in code and stops there, so logback neither scans the class path
 * for XML files nor loads Joran; {@link LoggingSetup} then sets what the command asked for. With one
 * ({@code -Dlogback.configurationFile=…}, a {@code logback.xml} or a test's {@code logback-test.xml} on the
 * class path) it hands over to logback's own configurators. Only used when logback is the SLF4J provider:
 * short commands log through {@link ConsoleLogging} instead ({@link LoggingSetup#chooseBackend}).
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    private static volatile boolean operatorConfigured;

    /** Whether an operator's logback configuration was found (then {@link LoggingSetup} leaves logback be). */
    public static boolean operatorConfigured() {
        return operatorConfigured;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = DefaultLogging.class.getClassLoader();
        operatorConfigured = LoggingSetup.operatorConfiguredIn(loader);
        if (operatorConfigured || loader.getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        // until LoggingSetup runs, warnings go to stderr as they will after
        LogbackSetup.consoleOnly(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
