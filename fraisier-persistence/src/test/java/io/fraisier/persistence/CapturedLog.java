package io.fraisier.persistence;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A logback appender (declared in {@code logback-test.xml}) that keeps every event of the test JVM
 * from its first log line, so a warning logged once per JVM is seen whichever test triggered it.
 */
public final class CapturedLog extends AppenderBase<ILoggingEvent> {
    private static final List<ILoggingEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        EVENTS.add(event);
    }

    static List<ILoggingEvent> events() {
        return List.copyOf(EVENTS);
    }
}
