package io.fraisier.webhook.host;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a webhook body as strictly as the hosts write it: one JSON object in UTF-8, nothing after it,
 * no key twice in one object (a parser that keeps the last of two keys would route on a value the
 * signer's tools may not show), and no NUL character in any string or key (PostgreSQL cannot store
 * one, and no git host sends one). Jackson would otherwise accept UTF-16 and UTF-32 bodies, trailing
 * tokens and duplicate keys.
 *
 * <p>Thread-safe.
 */
public final class PayloadJson {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PayloadJson() {}

    /**
     * @throws Malformed naming what is wrong with the body
     */
    public static JsonNode parseObject(byte[] body) throws Malformed {
        String encoding = notUtf8(body);
        if (encoding != null) {
            throw new Malformed("The body is not UTF-8 (" + encoding + "); webhooks are sent as UTF-8 JSON.");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (JacksonException e) {
            String message = String.valueOf(e.getOriginalMessage());
            if (message.startsWith("Duplicate field")) {
                throw new Malformed("The body names a key twice in one object (" + message + ").");
            }
            if (message.startsWith("Trailing token")) {
                throw new Malformed("The body has more after its JSON value.");
            }
            throw new Malformed("The body is not valid JSON.");
        } catch (IOException e) {
            throw new Malformed("The body could not be read.");
        }
        if (node == null || !node.isObject()) {
            throw new Malformed("The body is not a JSON object.");
        }
        if (containsNul(node)) {
            throw new Malformed("The body has a NUL character (\\u0000) in a string or key; it cannot be stored.");
        }
        return node;
    }

    /** Why {@code body} is not valid UTF-8 (a UTF-16/32 byte order mark, a bad sequence), or null. */
    static @Nullable String notUtf8(byte[] body) {
        if (body.length >= 2
                && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF)
                        || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE))) {
            return "it starts with a UTF-16 or UTF-32 byte order mark";
        }
        int i = 0;
        while (i < body.length) {
            int b = body[i] & 0xFF;
            if (b == 0) {
                return "it has a NUL byte at offset " + i + ", as UTF-16 or UTF-32 text does";
            }
            int continuation;
            int min;
            if (b < 0x80) {
                i++;
                continue;
            } else if (b >= 0xC2 && b <= 0xDF) {
                continuation = 1;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuation = 2;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuation = 3;
                min = 0x10000;
            } else {
                return "byte 0x" + Integer.toHexString(b) + " at offset " + i + " cannot start a UTF-8 character";
            }
            if (i + continuation >= body.length) {
                return "it ends inside a UTF-8 character";
            }
            int code = b & (0x3F >> continuation);
            for (int k = 1; k <= continuation; k++) {
                int c = body[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return "a bad UTF-8 sequence at offset " + i;
                }
                code = (code << 6) | (c & 0x3F);
            }
            if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
                return "a bad UTF-8 sequence at offset " + i;
            }
            i += continuation + 1;
        }
        return null;
    }

    private static boolean containsNul(JsonNode root) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual()) {
                if (node.textValue().indexOf('\0') >= 0) {
                    return true;
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (field.getKey().indexOf('\0') >= 0) {
                        return true;
                    }
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::push);
            }
        }
        return false;
    }

    /** A body that is not one strict UTF-8 JSON object; the message says why, for a 400 answer. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
