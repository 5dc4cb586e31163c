package io.fraisier.providers.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The end of a remote command's output (stdout and stderr as they arrive), and the pid its wrapper
 * printed first. Thread-safe: two pumps write, the runner reads.
 */
final class OutputTail {
    private static final int MAX_PID_LINE = 64;

    private final int limit;
    private final ByteArrayOutputStream pidLine = new ByteArrayOutputStream();
    private byte[] buffer = new byte[0];
    private long pid = -1;

    OutputTail(int limit) {
        this.limit = limit;
    }

    /**
     * Consumes the pid line from the start of {@code data}: returns where the output proper starts, or -1
     * when the line is not complete yet. A first line that is not the marker is kept as output.
     */
    synchronized int takePid(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            if (data[i] == '\n' || pidLine.size() >= MAX_PID_LINE) {
                String line = pidLine.toString(StandardCharsets.UTF_8);
                pidLine.reset();
                if (line.startsWith(PosixShell.PID_MARKER)) {
                    try {
                        pid = Long.parseLong(
                                line.substring(PosixShell.PID_MARKER.length()).trim());
                    } catch (NumberFormatException ignored) {
                        pid = -1;
                    }
                    return data[i] == '\n' ? i + 1 : i;
                }
                byte[] kept = line.getBytes(StandardCharsets.UTF_8);
                appendLocked(kept, 0, kept.length);
                return i;
            }
            pidLine.write(data[i]);
        }
        return -1;
    }

    synchronized void append(byte[] data, int offset, int length) {
        appendLocked(data, offset, length);
    }

    private void appendLocked(byte[] data, int offset, int length) {
        int keepOld = Math.max(0, Math.min(buffer.length, limit - length));
        int takeNew = Math.min(length, limit);
        byte[] next = new byte[keepOld + takeNew];
        System.arraycopy(buffer, buffer.length - keepOld, next, 0, keepOld);
        System.arraycopy(data, offset + length - takeNew, next, keepOld, takeNew);
        buffer = next;
    }

    synchronized long pid() {
        return pid;
    }

    synchronized String text() {
        return new String(buffer, StandardCharsets.UTF_8);
    }
}
