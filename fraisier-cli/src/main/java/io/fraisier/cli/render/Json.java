package io.fraisier.cli.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes the one JSON document of {@code --output json}, with jackson-core's streaming generator: the
 * documents are plain maps, lists and scalars, which need none of jackson-databind's ~450 classes (loaded,
 * or preloaded from the AOT cache, by every command that printed JSON). The layout is databind's
 * {@code INDENT_OUTPUT} one ({@link DefaultPrettyPrinter}), byte for byte ({@code JsonTest}).
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /**
     * Prints {@code value} (maps, iterables and arrays, strings, numbers, booleans, null) as JSON and a
     * newline; an enum is written as its name (as databind does), any other value as its
     * {@code toString()}.
     */
    public static void print(PrintWriter out, @Nullable Object value) {
        out.println(write(value));
        out.flush();
    }

    /** {@code value} as an indented JSON document (no trailing newline). */
    static String write(@Nullable Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.setPrettyPrinter(new DefaultPrettyPrinter());
            value(json, value);
        } catch (IOException e) {
            // a StringWriter does not fail; a value nested too deeply does
            throw new IllegalStateException("cannot write JSON output: " + e.getMessage(), e);
        }
        return text.toString();
    }

    // instanceof, not a pattern switch: its type switch is a class spun at run time, outside the AOT cache
    private static void value(JsonGenerator json, @Nullable Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Number n) {
            number(json, n);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.writeFieldName(String.valueOf(e.getKey()));
                value(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            json.writeStartArray();
            for (Object item : items) {
                value(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof Object[] items) {
            json.writeStartArray();
            for (Object item : items) {
                value(json, item);
            }
            json.writeEndArray();
        } else if (value instanceof Enum<?> e) {
            json.writeString(e.name());
        } else {
            json.writeString(value.toString());
        }
    }

    private static void number(JsonGenerator json, Number n) throws IOException {
        if (n instanceof Integer i) {
            json.writeNumber(i);
        } else if (n instanceof Long l) {
            json.writeNumber(l);
        } else if (n instanceof Double d) {
            json.writeNumber(d);
        } else if (n instanceof Float f) {
            json.writeNumber(f);
        } else if (n instanceof Short s) {
            json.writeNumber(s);
        } else if (n instanceof Byte b) {
            json.writeNumber(b);
        } else if (n instanceof BigDecimal d) {
            json.writeNumber(d);
        } else if (n instanceof BigInteger i) {
            json.writeNumber(i);
        } else {
            json.writeString(n.toString());
        }
    }
}
