package io.fraisier.core.internal.config;

import java.math.BigInteger;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Says what type a YAML scalar is, by the rules fraises.yaml was read with until issue #14 (those of Jackson's
 * YAMLParser 2.23 with its default features, on SnakeYAML's YAML 1.1 resolver), so that no config changes
 * meaning with the reader: {@code yes}/{@code off} are booleans, {@code 0x1F}, {@code 1_000} and {@code .inf}
 * numbers, {@code 12:30} and {@code y} strings, a quoted scalar always a string; explicit tags
 * ({@code !!str 123}, {@code !!int 0x1F}, {@code !!bool y}, {@code !!binary …}) as Jackson took them,
 * including the values it refused (an {@code !!int} that is not one, bad base64).
 *
 * <p>Stateless and thread-safe.
 */
final class YamlScalars {
    private static final Resolver RESOLVER = new Resolver();
    private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";
    /** Jackson's default StreamReadConstraints.getMaxNumberLength(), checked on integers too long for a long. */
    private static final int MAX_NUMBER_LENGTH = 1000;

    private YamlScalars() {}

    /**
     * The scalar's type; {@link Refused} when Jackson refused the value (its message is Jackson's). An
     * {@code !!int} of a lone sign, where Jackson gave no token at all, is a string.
     */
    static YamlNode.ScalarType type(ScalarEvent scalar) {
        String value = scalar.getValue();
        String tag = scalar.getTag();
        if (tag == null || tag.equals("!")) {
            Tag resolved =
                    RESOLVER.resolve(NodeId.scalar, value, scalar.getImplicit().canOmitTagInPlainScalar());
            if (resolved.equals(Tag.INT)) {
                return integer(value);
            }
            if (resolved.equals(Tag.FLOAT)) {
                return YamlNode.ScalarType.NUMBER;
            }
            if (resolved.equals(Tag.BOOL)) {
                return isBoolean(value) ? YamlNode.ScalarType.BOOLEAN : YamlNode.ScalarType.STRING;
            }
            return resolved.equals(Tag.NULL) ? YamlNode.ScalarType.NULL : YamlNode.ScalarType.STRING;
        }
        if (tag.startsWith(YAML_TAG_PREFIX)) {
            tag = tag.substring(YAML_TAG_PREFIX.length());
            if (tag.contains(",")) {
                String[] parts = tag.split(",");
                tag = parts.length == 0 ? "" : parts[0];
            }
        }
        if (tag.equals("binary")) {
            String refused = Base64Check.problem(value.trim());
            if (refused != null) {
                throw new Refused(refused);
            }
            return YamlNode.ScalarType.STRING;
        }
        if (tag.equals("bool")) {
            return isBoolean(value) ? YamlNode.ScalarType.BOOLEAN : YamlNode.ScalarType.STRING;
        }
        if (!value.isEmpty()) {
            switch (tag) {
                case "int" -> {
                    return integer(value);
                }
                case "float" -> {
                    return YamlNode.ScalarType.NUMBER;
                }
                case "null" -> {
                    return YamlNode.ScalarType.NULL;
                }
                default -> {}
            }
        }
        return YamlNode.ScalarType.STRING;
    }

    /** YAML 1.1's booleans as Jackson matched them (y and n only under an explicit !!bool). */
    private static boolean isBoolean(String value) {
        return switch (value.length()) {
            case 1 -> "yYnN".indexOf(value.charAt(0)) >= 0;
            case 2 -> value.equalsIgnoreCase("no") || value.equalsIgnoreCase("on");
            case 3 -> value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("off");
            case 4 -> value.equalsIgnoreCase("true");
            case 5 -> value.equalsIgnoreCase("false");
            default -> false;
        };
    }

    /**
     * An integer as Jackson decoded it when reading the token: binary, octal and hexadecimal are parsed there
     * (and refused when their digits are not), decimals only checked for digits and underscores; a
     * sexagesimal {@code 12:30} is a string.
     */
    private static YamlNode.ScalarType integer(String value) {
        int length = value.length();
        int i = value.charAt(0) == '-' || value.charAt(0) == '+' ? 1 : 0;
        if (i == length) {
            return YamlNode.ScalarType.STRING;
        }
        if (value.charAt(i) == '0') {
            if (++i == length) {
                return YamlNode.ScalarType.NUMBER;
            }
            char c = value.charAt(i);
            if (c == 'b' || c == 'B') {
                checkRadix(withoutUnderscores(value, i + 1), 2, 31, 63);
            } else if (c == 'x' || c == 'X') {
                checkRadix(withoutUnderscores(value, i + 1), 16, 7, 15);
            } else if ((c >= '0' && c <= '9') || c == '_') {
                checkRadix(withoutUnderscores(value, i), 8, 10, 21);
            } else {
                return YamlNode.ScalarType.STRING;
            }
            return YamlNode.ScalarType.NUMBER;
        }
        boolean underscores = false;
        for (; i < length; i++) {
            char c = value.charAt(i);
            if (c == '_') {
                underscores = true;
            } else if (c < '0' || c > '9') {
                return YamlNode.ScalarType.STRING;
            }
        }
        if (underscores) {
            String cleaned = withoutUnderscores(value, value.charAt(0) == '+' ? 1 : 0);
            if (cleaned.isEmpty() || cleaned.equals("-")) {
                throw new Refused("Invalid number ('" + value + "')");
            }
        }
        return YamlNode.ScalarType.NUMBER;
    }

    private static String withoutUnderscores(String value, int from) {
        StringBuilder digits = new StringBuilder(value.length());
        for (int i = from; i < value.length(); i++) {
            if (value.charAt(i) != '_') {
                digits.append(value.charAt(i));
            }
        }
        return digits.toString();
    }

    /** Parses the digits as Jackson did (int, long or BigInteger by their count), for its refusals only. */
    private static void checkRadix(String digits, int radix, int maxIntDigits, int maxLongDigits) {
        try {
            if (digits.length() <= maxIntDigits) {
                Integer.parseInt(digits, radix);
            } else if (digits.length() <= maxLongDigits) {
                Long.parseLong(digits, radix);
            } else {
                if (digits.length() > MAX_NUMBER_LENGTH) {
                    throw new Refused("Number value length (" + digits.length() + ") exceeds the maximum allowed ("
                            + MAX_NUMBER_LENGTH + ", from `StreamReadConstraints.getMaxNumberLength()`)");
                }
                new BigInteger(digits, radix);
            }
        } catch (NumberFormatException e) {
            throw new Refused("Invalid base-" + radix + " number ('" + digits + "'), problem: " + e.getMessage());
        }
    }

    /** A scalar Jackson refused; the reading stops there, as it did. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Jackson's MIME base64 check of an {@code !!binary} scalar (padding required), for its messages. */
    private static final class Base64Check {
        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        private static final int PADDING = -2;
        private static final String MISSING_PADDING = "Unexpected end of base64-encoded String: base64 variant 'MIME'"
                + " expects padding (one or more '=' characters) at the end. This Base64Variant might have been"
                + " incorrectly configured";

        private static int bits(char c) {
            if (c == '=') {
                return PADDING;
            }
            return c > 127 ? -1 : ALPHABET.indexOf(c);
        }

        static @Nullable String problem(String text) {
            int length = text.length();
            int at = 0;
            while (at < length) {
                char c = text.charAt(at++);
                if (c <= ' ') {
                    continue;
                }
                if (bits(c) < 0) {
                    return invalid(c, 0, null);
                }
                if (at >= length) {
                    return MISSING_PADDING;
                }
                c = text.charAt(at++);
                if (bits(c) < 0) {
                    return invalid(c, 1, null);
                }
                if (at >= length) {
                    return MISSING_PADDING;
                }
                c = text.charAt(at++);
                int third = bits(c);
                if (third < 0) {
                    if (third != PADDING) {
                        return invalid(c, 2, null);
                    }
                    if (at >= length) {
                        return MISSING_PADDING;
                    }
                    c = text.charAt(at++);
                    if (c != '=') {
                        return invalid(c, 3, "expected padding character '='");
                    }
                    continue;
                }
                if (at >= length) {
                    return MISSING_PADDING;
                }
                c = text.charAt(at++);
                int fourth = bits(c);
                if (fourth < 0 && fourth != PADDING) {
                    return invalid(c, 3, null);
                }
            }
            return null;
        }

        private static String invalid(char c, int index, @Nullable String detail) {
            String base;
            if (c <= ' ') {
                base = "Illegal white space character (code 0x" + Integer.toHexString(c) + ") as character #"
                        + (index + 1) + " of 4-char base64 unit: can only used between units";
            } else if (c == '=') {
                base = "Unexpected padding character ('=') as character #" + (index + 1)
                        + " of 4-char base64 unit: padding only legal as 3rd or 4th character";
            } else if (!Character.isDefined(c) || Character.isISOControl(c)) {
                base = "Illegal character (code 0x" + Integer.toHexString(c) + ") in base64 content";
            } else {
                base = "Illegal character '" + c + "' (code 0x" + Integer.toHexString(c) + ") in base64 content";
            }
            return detail == null ? base : base + ": " + detail;
        }
    }
}
