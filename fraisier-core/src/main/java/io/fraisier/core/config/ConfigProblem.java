package io.fraisier.core.config;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing wrong in a {@code fraises.yaml}: where it is (file, 1-based line and column, key path) and
 * what is wrong. The message never contains the value of a secret key (it shows {@code ***} instead).
 *
 * <p>Immutable and thread-safe.
 *
 * @param file the file (null when the text was not read from a file)
 * @param line 1-based line
 * @param column 1-based column
 * @param keyPath dotted path of the key, e.g. {@code fraises.my_api.environments.prod.timeout}, with
 *     {@code [n]} for list items; empty for a problem with the whole document
 * @param message what is wrong and, where it helps, what would be right
 */
public record ConfigProblem(@Nullable Path file, int line, int column, String keyPath, String message) {
    public ConfigProblem {
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The problem on one line, as compilers print them, e.g. {@code fraises.yaml:12:7:
     * fraises.my_api.environments.prod.timeout: must be a positive number of seconds, got -5}.
     */
    public String format() {
        String where = (file == null ? "<config>" : file.toString()) + ":" + line + ":" + column + ": ";
        return keyPath.isEmpty() ? where + message : where + keyPath + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
