package io.fraisier.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.fraisier.core.config.Scrubber;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class ConsoleLoggingTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, Charset.defaultCharset());
    private final ConsoleLoggerFactory factory = new ConsoleLoggerFactory(() -> stream);

    private String written() {
        return bytes.toString(Charset.defaultCharset());
    }

    @Test
    void provider_givesItsOwnFactoryAndSlf4jHelpers() {
        ConsoleLogging provider = new ConsoleLogging();
        provider.initialize();

        assertThat(provider.getLoggerFactory()).isInstanceOf(ConsoleLoggerFactory.class);
        assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
        provider.getMDCAdapter().put("k", "v");
        assertThat(provider.getMDCAdapter().get("k")).isEqualTo("v");
        assertThat(provider.getRequestedApiVersion()).startsWith("2.0.");
    }

    @Test
    void beforeApply_writesWarningsAndErrorsOnly() {
        Logger log = factory.getLogger("io.fraisier.core.Engine");

        log.info("not shown");
        log.warn("shown");

        assertThat(log.isInfoEnabled()).isFalse();
        assertThat(written()).isEqualTo("WARN Engine: shown" + System.lineSeparator());
    }

    @Test
    void apply_setsTheLevelOfLoggersMadeBeforeAndAfter() {
        Logger before = factory.getLogger("io.fraisier.before");

        LoggingSetup.forCommand(1, Map.of()).apply(factory);
        Logger after = factory.getLogger("io.fraisier.after");

        assertThat(before.isInfoEnabled()).isTrue();
        assertThat(after.isInfoEnabled()).isTrue();
        assertThat(after.isDebugEnabled()).isFalse();
        LoggingSetup.forCommand(0, Map.of("RUST_LOG", "debug")).apply(factory);
        assertThat(before.isDebugEnabled()).isTrue();
        assertThat(before.isTraceEnabled()).isFalse();
    }

    @Test
    void apply_atDebug_keepsTheConnectionPoolAtInfo_andTraceShowsIt() {
        Logger pool = factory.getLogger("com.zaxxer.hikari.pool.HikariPool");
        Logger poolRoot = factory.getLogger("com.zaxxer.hikari");
        Logger notPool = factory.getLogger("com.zaxxer.hikarix.Other");

        LoggingSetup.forCommand(2, Map.of()).apply(factory);

        assertThat(pool.isDebugEnabled()).as("-vv: no pool debug flood").isFalse();
        assertThat(pool.isInfoEnabled()).isTrue();
        assertThat(poolRoot.isDebugEnabled()).isFalse();
        assertThat(notPool.isDebugEnabled()).isTrue();
        assertThat(factory.getLogger("io.fraisier.core.Fraisier").isDebugEnabled())
                .isTrue();
        LoggingSetup.forCommand(3, Map.of()).apply(factory);
        assertThat(pool.isTraceEnabled()).as("-vvv shows everything").isTrue();
    }

    @Test
    void apply_atDebug_keepsTheJdksOwnLoggersAtInfo_andTraceShowsThem() {
        // System.Logger reaches SLF4J: ProcessBuilder logs a stack trace at debug for each process
        Logger processes = factory.getLogger("java.lang.ProcessBuilder");
        Logger http = factory.getLogger("jdk.internal.httpclient.debug");
        Logger javalin = factory.getLogger("javalin.Like");

        LoggingSetup.forCommand(2, Map.of()).apply(factory);

        assertThat(processes.isDebugEnabled()).as("-vv: no JDK debug lines").isFalse();
        assertThat(processes.isInfoEnabled()).isTrue();
        assertThat(http.isDebugEnabled()).isFalse();
        assertThat(javalin.isDebugEnabled())
                .as("a name that only starts like java")
                .isTrue();
        LoggingSetup.forCommand(3, Map.of()).apply(factory);
        assertThat(processes.isTraceEnabled()).as("-vvv shows everything").isTrue();
    }

    @Test
    void lines_areThoseOfLogbacksConsoleAppender_messagesArgumentsAndThrowables() {
        LoggingSetup.forCommand(3, Map.of()).apply(factory);
        IllegalStateException failure = nested();
        Object[][] events = {
            {Level.WARN, "io.fraisier.cli.FraisierCommand", "FRAISIER_X=abc is not a number", null, null},
            {
                Level.INFO,
                "io.fraisier.core.Fraisier",
                "deployed {} to {} in {} ms",
                new Object[] {"api", "prod", 12},
                null
            },
            {Level.DEBUG, "Bare", "escaped \\{} and {}", new Object[] {"x"}, null},
            {Level.ERROR, "io.fraisier.Outer$Inner", "failed: {}", new Object[] {"step"}, failure},
            // a trailing throwable among the arguments is the event's, as in logback
            {Level.TRACE, "a.b.C", "lost {}", new Object[] {failure}, null},
            {Level.WARN, "a.b.C", null, null, null},
        };
        LoggerContext logback = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(logback);
        layout.setPattern(LoggingSetup.CONSOLE_PATTERN);
        layout.start();
        StringBuilder expected = new StringBuilder();

        for (Object[] e : events) {
            Level level = (Level) e[0];
            String name = (String) e[1];
            String message = (String) e[2];
            Object[] args = (Object[]) e[3];
            Throwable thrown = (Throwable) e[4];
            Logger log = factory.getLogger(name);
            if (thrown != null) {
                log.atLevel(level).setCause(thrown).log(message, args);
                log.atLevel(level).log(message, append(args, thrown)); // the same, as a trailing argument
            } else if (args == null) {
                log.atLevel(level).log(message);
            } else {
                log.atLevel(level).log(message, args);
            }
            int times = thrown != null ? 2 : 1;
            for (int i = 0; i < times; i++) {
                expected.append(layout.doLayout(new LoggingEvent(
                        Logger.class.getName(),
                        logback.getLogger(name),
                        ch.qos.logback.classic.Level.convertAnSLF4JLevel(level),
                        message,
                        thrown,
                        args)));
            }
        }

        assertThat(written()).contains("common frames omitted", "Caused by: ", "Suppressed: ");
        assertThat(written()).isEqualTo(expected.toString());
    }

    @Test
    void eachEvent_isScrubbedWithTheCurrentScrubber_throwableIncluded() {
        List<Scrubber> current = new ArrayList<>(List.of(Scrubber.of(List.of())));
        UnaryOperator<String> scrubbing = text -> current.getFirst().scrub(text);
        LoggingSetup.forCommand(0, Map.of()).scrubbedWith(scrubbing).apply(factory);
        Logger log = factory.getLogger("io.fraisier.Notify");

        // the config, loaded later, names the secret: the scrubber asked at each event knows it then
        current.set(0, Scrubber.of(List.of("tok-9f8e7d6c5b")));
        log.warn(
                "POST https://hooks.example/?token={} failed",
                "tok-9f8e7d6c5b",
                new IllegalStateException("401 for tok-9f8e7d6c5b"));
        log.warn("clone of https://oauth2:{}@git.example/demo.git failed", "ghp_unknownToTheScrubber");

        assertThat(written())
                .doesNotContain("tok-9f8e7d6c5b")
                .doesNotContain("ghp_unknownToTheScrubber")
                .contains("WARN Notify: POST https://hooks.example/?token=*** failed")
                .contains("java.lang.IllegalStateException: 401 for ***")
                .contains("clone of https://***@git.example/demo.git failed");
    }

    @Test
    void concurrentThreads_neverSplitALine() throws Exception {
        // a stream that passes bytes on one at a time, yielding between them: any split would show
        StringBuffer out = new StringBuffer();
        PrintStream slow = new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        out.append((char) b);
                        Thread.yield();
                    }
                },
                false,
                Charset.defaultCharset());
        ConsoleLoggerFactory shared = new ConsoleLoggerFactory(() -> slow);
        int threads = 8;
        int events = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                Logger log = shared.getLogger("io.fraisier.T" + id);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < events; i++) {
                    log.warn("thread {} event {} heartbeat renewed", id, i);
                }
            });
            thread.start();
            running.add(thread);
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(threads * events);
        assertThat(lines).allMatch(line -> line.matches("WARN T(\\d): thread \\1 event \\d+ heartbeat renewed"));
    }

    private static Object[] append(@Nullable Object[] args, Throwable thrown) {
        List<Object> all = new ArrayList<>(args == null ? List.of() : List.of(args));
        all.add(thrown);
        return all.toArray();
    }

    private static IllegalStateException nested() {
        try {
            deeper();
            throw new AssertionError("deeper() throws");
        } catch (IllegalArgumentException cause) {
            IllegalStateException failure = new IllegalStateException("deploy failed", cause);
            failure.addSuppressed(new java.io.UncheckedIOException(new java.io.IOException("lock not released")));
            return failure;
        }
    }

    private static void deeper() {
        throw new IllegalArgumentException("bad version 1.x");
    }
}
