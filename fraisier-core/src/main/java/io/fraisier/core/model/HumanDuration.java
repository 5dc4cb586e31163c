package io.fraisier.core.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: one or more {@code <number><unit>} parts, units {@code s}, {@code m},
 * {@code h}, {@code d} (24 h), {@code w} (7 d): {@code 90d}, {@code 62h}, {@code 1h30m}. Thread-safe.
 */
public final class HumanDuration {
    /** The grammar, for error messages. */
    public static final String GRAMMAR = "a duration such as 30m, 2h, 62h, 1h30m, 90d or 2w";

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+[smhdw])+");
    private static final Pattern PART = Pattern.compile("(\\d+)([smhdw])");

    private HumanDuration() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming {@link #GRAMMAR} when it is not one, is zero or is too long
     */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + GRAMMAR);
        }
        Duration total = Duration.ZERO;
        try {
            Matcher m = PART.matcher(t);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(
                        switch (m.group(2)) {
                            case "s" -> Duration.ofSeconds(n);
                            case "m" -> Duration.ofMinutes(n);
                            case "h" -> Duration.ofHours(n);
                            case "d" -> Duration.ofDays(n);
                            default -> Duration.ofDays(Math.multiplyExact(7, n));
                        });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long: give " + GRAMMAR);
        }
        if (total.isZero() || total.compareTo(Duration.ofDays(365L * 1000)) > 0) {
            throw new IllegalArgumentException("'" + text + "' must be more than 0 and at most 1000 years");
        }
        return total;
    }
}
