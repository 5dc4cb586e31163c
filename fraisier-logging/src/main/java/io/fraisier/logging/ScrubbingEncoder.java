package io.fraisier.logging;

import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.Charset;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An encoder that passes what another one wrote through a scrubber before the appender writes it: the
 * whole line as encoded (message, arguments, exception messages and stack trace, thread name, JSON fields
 * alike), so nothing an encoder prints escapes it. The scrubber is asked at every event, so one that
 * learns secrets later (the config is read after logging is set up) masks them from then on.
 *
 * <p>Thread-safe when the scrubber and the wrapped encoder are (logback's are).
 *
 * @param <E> the event type
 */
public final class ScrubbingEncoder<E> extends ContextAwareBase implements Encoder<E> {
    private final Encoder<E> encoder;
    private final Charset charset;
    private final UnaryOperator<String> scrubber;

    /**
     * @param encoder writes the text to scrub
     * @param charset the one {@code encoder} writes (and this one writes back)
     * @param scrubber masks secrets in a line of text; called once per event
     */
    public ScrubbingEncoder(Encoder<E> encoder, Charset charset, UnaryOperator<String> scrubber) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.charset = Objects.requireNonNull(charset, "charset");
        this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
    }

    @Override
    public byte[] headerBytes() {
        return scrubbed(encoder.headerBytes());
    }

    @Override
    public byte[] encode(E event) {
        return scrubbed(encoder.encode(event));
    }

    @Override
    public byte[] footerBytes() {
        return scrubbed(encoder.footerBytes());
    }

    private byte[] scrubbed(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return bytes;
        }
        String text = new String(bytes, charset);
        String clean = scrubber.apply(text);
        return clean == null || clean.equals(text) ? bytes : clean.getBytes(charset);
    }

    @Override
    public void start() {
        encoder.start();
    }

    @Override
    public void stop() {
        encoder.stop();
    }

    @Override
    public boolean isStarted() {
        return encoder.isStarted();
    }

    @Override
    public String toString() {
        return "ScrubbingEncoder[" + encoder + "]";
    }
}
