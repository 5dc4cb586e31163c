package io.fraisier.cli;

import io.fraisier.core.config.Scrubber;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.Supplier;

/**
 * A writer that passes text on line by line, each line scrubbed of the secrets the current
 * {@link Scrubber} knows, so that nothing the CLI prints (results, progress, errors, a service's log
 * lines) shows a configured secret. A partial line is scrubbed and passed on when the writer is flushed.
 * The scrubber is asked for each line: it learns the config's secrets once the config is loaded.
 *
 * <p>Thread-safe (synchronised on itself).
 */
final class ScrubbingWriter extends Writer {
    private final Writer out;
    private final Supplier<Scrubber> scrubber;
    private final StringBuilder pending = new StringBuilder();

    ScrubbingWriter(Writer out, Supplier<Scrubber> scrubber) {
        this.out = out;
        this.scrubber = scrubber;
    }

    /** {@code out} behind a scrubbing writer, flushing on every println as picocli's writers do. */
    static PrintWriter wrap(Writer out, Supplier<Scrubber> scrubber) {
        return new PrintWriter(new ScrubbingWriter(out, scrubber), true);
    }

    @Override
    public synchronized void write(char[] buffer, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (buffer[i] == '\n') {
                pending.append(buffer, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        pending.append(buffer, start, end - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        out.close();
    }

    private void emit() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        out.write(scrubber.get().scrub(pending.toString()));
        pending.setLength(0);
    }
}
