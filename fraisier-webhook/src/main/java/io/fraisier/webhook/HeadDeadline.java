package io.fraisier.webhook;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Closes a connection that has not sent a whole request head (request line and headers) within {@link
 * #limit} of the moment it was first seen sending one. Jetty's idle timeout starts again with every byte
 * and its minimum data rate covers bodies only, so without this one byte every few seconds would hold a
 * connection for hours before the handler (with its rate limit and body caps) ever sees the request; a
 * few thousand such connections would take the daemon's file descriptors. A git host sends its head in
 * one write.
 *
 * <p>Looks at every open connection once per {@link #EVERY}, so a head is cut between {@code limit} and
 * {@code limit + EVERY} after its first byte. Thread-safe.
 */
final class HeadDeadline implements Connection.Listener {
    static final Duration EVERY = Duration.ofSeconds(1);

    private final Duration limit;
    private final LongSupplier nanoTime;
    /** Open HTTP/1 connections, with when their current head was first seen ({@link #NONE}: not in one). */
    private final Map<HttpConnection, Mark> open = new ConcurrentHashMap<>();

    private @org.jspecify.annotations.Nullable ScheduledFuture<?> sweeps;

    private record Mark(long messagesIn, long since) {}

    private static final Mark NONE = new Mark(-1, 0);

    HeadDeadline(Duration limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    /** Starts looking at the connections on {@code scheduler}. */
    void start(ScheduledExecutorService scheduler) {
        sweeps = scheduler.scheduleWithFixedDelay(
                this::sweep, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.put(http, NONE);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /** Closes the connections whose head is overdue; returns how many it closed. */
    int sweep() {
        long now = nanoTime.getAsLong();
        int closed = 0;
        for (Map.Entry<HttpConnection, Mark> entry : open.entrySet()) {
            HttpConnection connection = entry.getKey();
            try {
                if (!inHead(connection.getParser().getState())) {
                    entry.setValue(NONE);
                    continue;
                }
                long messages = connection.getMessagesIn();
                Mark mark = entry.getValue();
                if (mark == NONE || mark.messagesIn() != messages) {
                    entry.setValue(new Mark(messages, now));
                } else if (now - mark.since() > limit.toNanos()) {
                    connection.getEndPoint().close();
                    open.remove(connection);
                    closed++;
                }
            } catch (RuntimeException e) {
                // a connection closing under this look is left to its own close
            }
        }
        return closed;
    }

    /** Between the first byte of a request and the end of its headers. */
    private static boolean inHead(HttpParser.State state) {
        return state.ordinal() > HttpParser.State.START.ordinal()
                && state.ordinal() <= HttpParser.State.HEADER.ordinal();
    }
}
