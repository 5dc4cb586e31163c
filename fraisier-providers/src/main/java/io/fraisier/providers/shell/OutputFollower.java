package io.fraisier.providers.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads what a running command appended to its output file (through a channel opened on it, which still
 * reads once the file's name is gone) since the last look and hands each complete
 * line to a consumer (credentials redacted, line break removed). A line longer than {@link #MAX_LINE}
 * bytes is handed over in pieces. Used by one thread.
 */
final class OutputFollower {
    /** The longest piece of a line handed over at once. */
    static final int MAX_LINE = 8 * 1024;

    private final FileChannel file;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(8 * 1024);
    private long position;

    OutputFollower(FileChannel file, Consumer<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Hands over the complete lines written since the last call. */
    void poll() {
        try {
            long length = file.size();
            if (length < position) {
                position = 0; // truncated: start again
            }
            int n;
            while (position < length) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
                n = file.read(buffer, position);
                if (n <= 0) {
                    break;
                }
                position += n;
                byte[] bytes = buffer.array();
                for (int i = 0; i < n; i++) {
                    byte b = bytes[i];
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
