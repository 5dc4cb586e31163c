package io.fraisier.webhook;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds what unauthenticated request bodies may hold while they are read and processed: how many are
 * being read at once from one client address and overall (a slow client holds its slot only until the
 * read deadline), and how many bytes all bodies in flight may take in memory. Past a cap a request is
 * refused at once, before its body is read, with {@code Retry-After}: 429 for one client's cap, 503 for
 * the daemon-wide ones.
 *
 * <p>Thread-safe.
 */
final class BodyGate {
    /** Retry-After for a refused read: a body read ends within {@link WebhookServer#READ_DEADLINE}. */
    static final long RETRY_AFTER_SECONDS = 10;

    private final int readsPerClient;
    private final int readsTotal;
    private final long byteBudget;
    private final AtomicInteger reads = new AtomicInteger();
    private final Map<String, AtomicInteger> readsByClient = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    /**
     * @param byteBudget bytes every body in flight may hold together (each reservation counts what a body
     *     costs in memory while it is processed, not only its raw bytes)
     */
    BodyGate(int readsPerClient, int readsTotal, long byteBudget) {
        this.readsPerClient = readsPerClient;
        this.readsTotal = readsTotal;
        this.byteBudget = byteBudget;
    }

    /** Limits for a daemon whose heap may grow to {@code maxHeap} bytes: bodies may take half of it. */
    static BodyGate forHeap(long maxHeap) {
        return new BodyGate(16, 2048, Math.max(16L << 20, maxHeap / 2));
    }

    /**
     * Takes a read slot for {@code client}; close the returned slot when the body is read.
     *
     * @throws RequestRejected 429 when this client already reads its share, 503 when the daemon does
     */
    Slot enter(String client) {
        AtomicInteger mine = readsByClient.compute(client, (c, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            count.incrementAndGet();
            return count;
        });
        if (mine.get() > readsPerClient) {
            leave(client);
            throw new RequestRejected(
                    429,
                    "too_many_uploads",
                    "Too many bodies in flight",
                    "More than " + readsPerClient + " request bodies from " + client + " are being received at once.",
                    "Retry after " + RETRY_AFTER_SECONDS + " s.",
                    RETRY_AFTER_SECONDS);
        }
        if (reads.incrementAndGet() > readsTotal) {
            reads.decrementAndGet();
            leave(client);
            throw busy("More than " + readsTotal + " request bodies are being received at once.");
        }
        return new Slot(client);
    }

    /**
     * Reserves {@code amount} bytes of the budget.
     *
     * @throws RequestRejected 503 when the budget has not that much left
     */
    void reserve(long amount) {
        long after = bytes.addAndGet(amount);
        if (after > byteBudget && after != amount) {
            // one body alone may always be received (it is within webhook.max_body_bytes)
            bytes.addAndGet(-amount);
            throw busy("The bodies being received and processed use this daemon's memory budget for them ("
                    + (byteBudget >> 20) + " MiB).");
        }
    }

    void release(long amount) {
        bytes.addAndGet(-amount);
    }

    /** Bytes reserved now, for tests. */
    long reserved() {
        return bytes.get();
    }

    private void leave(String client) {
        readsByClient.computeIfPresent(client, (c, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    private static RequestRejected busy(String detail) {
        return new RequestRejected(
                503,
                "busy",
                "Daemon busy",
                detail,
                "Redeliver after " + RETRY_AFTER_SECONDS + " s.",
                RETRY_AFTER_SECONDS);
    }

    /** One read in progress; {@link #close()} once. */
    final class Slot implements AutoCloseable {
        private final String client;
        private boolean closed;

        private Slot(String client) {
            this.client = client;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                reads.decrementAndGet();
                leave(client);
            }
        }
    }
}
