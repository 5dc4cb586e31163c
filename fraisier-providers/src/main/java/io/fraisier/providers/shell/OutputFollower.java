package io.fraisier.providers.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads what a running command appended to its output file since the last look and hands each complete
 * line to a consumer (credentials redacted, line break removed). A line longer than {@link #MAX_LINE}
 * bytes is handed over in pieces. Used by one thread.
 */
final class OutputFollower {
    /** The longest piece of a line handed over at once. */
    static final int MAX_LINE = 8 * 1024;

    private final Path file;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8 * 1024];
    private long position;

    OutputFollower(Path file, Consumer<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Hands over the complete lines written since the last call. */
    void poll() {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length < position) {
                position = 0; // truncated: start again
            }
            raf.seek(position);
            int n;
            while (position < length
                    && (n = raf.read(buffer, 0, (int) Math.min(buffer.length, length - position))) > 0) {
                position += n;
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        emit();
                    } else {
                        partial.write(b);
                        if (partial.size() >= MAX_LINE) {
                            emit();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the kept tail still reports the output; following it is best effort
        }
    }

    /** Hands over what is left of an unfinished last line. */
    void finish() {
        if (partial.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        try {
            lines.accept(UrlCredentials.redact(line));
        } catch (RuntimeException e) {
            // a display that fails must not stop the command
        }
    }
}
