package io.fraisier.providers.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The end of a remote command's output (stdout and stderr as they arrive), and the pid its wrapper
 * printed first. Thread-safe: two pumps write, the runner reads.
 */
final class OutputTail {
    private static final int MAX_PID_LINE = 64;

    /** Digits of an exit status after the exit marker (0 to 255). */
    private static final int MAX_STATUS_DIGITS = 3;

    private final int limit;
    private final ByteArrayOutputStream pidLine = new ByteArrayOutputStream();
    private byte[] buffer = new byte[0];
    private long pid = -1;

    /** The start of the line a wrapped command's wrapper prints when its program has ended; null: none. */
    private final byte @Nullable [] exitMarker;

    /** The bytes of the current line while it may still be the exit marker's line. */
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();

    private boolean atLineStart = true;
    private boolean holding;
    private final CompletableFuture<@Nullable Integer> exited = new CompletableFuture<>();

    OutputTail(int limit) {
        this(limit, null);
    }

    /**
     * A tail that also watches its output ({@link #appendOutput}) for the line {@code exitMarker} followed by an
     * exit status ({@link PosixShell#commandLine(io.fraisier.providers.shell.CommandSpec, String)}).
     */
    OutputTail(int limit, @Nullable String exitMarker) {
        this.limit = limit;
        this.exitMarker = exitMarker == null ? null : exitMarker.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Completes with the status of the exit marker's line when it arrives, or with null when the output ends
     * without it ({@link #finish()}).
     */
    CompletableFuture<@Nullable Integer> exited() {
        return exited;
    }

    /**
     * Appends command output; with an exit marker, the line {@code <marker><status>} is not output but
     * completes {@link #exited()}. A line is held back only while it may still be that line.
     */
    synchronized void appendOutput(byte[] data, int offset, int length) {
        byte[] marker = exitMarker;
        if (marker == null) {
            appendLocked(data, offset, length);
            return;
        }
        int end = offset + length;
        int passFrom = offset;
        for (int i = offset; i < end; i++) {
            byte b = data[i];
            if (atLineStart) {
                atLineStart = false;
                if (b == marker[0]) {
                    appendLocked(data, passFrom, i - passFrom);
                    holding = true;
                    held.reset();
                }
            }
            if (holding) {
                if (b == '\n') {
                    Integer status = statusOf(held.toByteArray(), marker);
                    if (status != null) {
                        exited.complete(status);
                    } else {
                        byte[] line = held.toByteArray();
                        appendLocked(line, 0, line.length);
                        appendLocked(data, i, 1);
                    }
                    holding = false;
                    atLineStart = true;
                    passFrom = i + 1;
                    continue;
                }
                held.write(b);
                if (!mayBeExitLine(held.toByteArray(), marker)) {
                    byte[] line = held.toByteArray();
                    appendLocked(line, 0, line.length);
                    holding = false;
                    passFrom = i + 1;
                }
                continue;
            }
            if (b == '\n') {
                atLineStart = true;
            }
        }
        if (!holding && passFrom < end) {
            appendLocked(data, passFrom, end - passFrom);
        }
    }

    /** The output has ended: a line held back is output after all, and {@link #exited()} completes. */
    synchronized void finish() {
        if (holding) {
            byte[] line = held.toByteArray();
            appendLocked(line, 0, line.length);
            holding = false;
        }
        exited.complete(null);
    }

    private static boolean mayBeExitLine(byte[] line, byte[] marker) {
        int common = Math.min(line.length, marker.length);
        if (!Arrays.equals(line, 0, common, marker, 0, common)) {
            return false;
        }
        if (line.length - marker.length > MAX_STATUS_DIGITS) {
            return false;
        }
        for (int i = marker.length; i < line.length; i++) {
            if (line[i] < '0' || line[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static @Nullable Integer statusOf(byte[] line, byte[] marker) {
        if (line.length <= marker.length || !mayBeExitLine(line, marker)) {
            return null;
        }
        return Integer.parseInt(new String(line, marker.length, line.length - marker.length, StandardCharsets.UTF_8));
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
