package io.fraisier.testkit.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * Log lines that carry a secret every way a log line can, and the assertion that what a logging set-up
 * wrote shows none of it: for the tests of every set-up that must scrub (the CLI's, the daemon's, the
 * shared logback one). {@link #log} writes four events at warn and error; {@link #assertMasked} reads text
 * lines as they are and JSON lines (one object per line, logback's {@code JsonEncoder}) decoded, so that a
 * secret escaped in JSON cannot pass unseen.
 */
public final class LoggedSecrets {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoggedSecrets() {}

    /** {@code secret} in a message, as an argument, in an exception's message, and as a URL's password. */
    public static void log(Logger log, String secret) {
        log.warn("in the message: " + secret);
        log.warn("as an argument: {}", secret);
        log.error("in an exception", new IllegalStateException("refused " + secret));
        log.error("in a URL: https://deploy:{}@git.example.com/app.git", secret);
    }

    /**
     * {@code secret} through the JDK's {@link System.Logger} named {@code loggerName}, what core and the JDK
     * itself log with: for the set-ups of the apps, which route it to SLF4J (check with {@link
     * #assertMaskedThroughTheJdk}).
     */
    public static void logThroughTheJdk(String loggerName, String secret) {
        System.getLogger(loggerName).log(System.Logger.Level.WARNING, "through System.Logger: " + secret);
    }

    /** Asserts that the line {@link #logThroughTheJdk} wrote reached {@code written}, masked. */
    public static void assertMaskedThroughTheJdk(String written, String... secrets) {
        String readable = written.stripLeading().startsWith("{") ? decoded(written) : written;
        assertThat(readable).contains("through System.Logger: ***");
        for (String secret : secrets) {
            assertThat(written).as("what was written").doesNotContain(secret);
        }
    }

    /**
     * Asserts that {@code written} (text lines, or JSON lines) holds none of {@code secrets}, and that the
     * events {@link #log} wrote show {@code ***} where the secret was.
     */
    public static void assertMasked(String written, String... secrets) {
        String readable = written.stripLeading().startsWith("{") ? decoded(written) : written;
        assertThat(readable)
                .contains("in the message: ***")
                .contains("as an argument: ***")
                .contains("IllegalStateException: refused ***")
                .contains("in a URL: https://***@git.example.com/app.git");
        for (String secret : secrets) {
            assertThat(readable).as("what was written, decoded").doesNotContain(secret);
            assertThat(written).as("what was written").doesNotContain(secret);
        }
    }

    /** Each JSON line's message and exception, as text lines ({@code Class: message} for the exception). */
    private static String decoded(String written) {
        try {
            List<JsonNode> events =
                    JSON.readerFor(JsonNode.class).<JsonNode>readValues(written).readAll();
            return events.stream()
                    .map(event -> {
                        JsonNode thrown = event.path("throwable");
                        String exception = thrown.isObject()
                                ? "\n" + thrown.path("className").asText() + ": "
                                        + thrown.path("message").asText()
                                : "";
                        return event.path("formattedMessage").asText() + exception;
                    })
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("not one JSON object per line: " + written, e);
        }
    }
}
