package io.fraisier.cli.command;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --since}: a UTC date, an ISO instant, or a duration back from now ({@code 30m}, {@code 7d}). */
final class SinceConverter implements ITypeConverter<Instant> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhdw])");

    @Override
    public Instant convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                Duration back = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(Math.multiplyExact(7, n));
                };
                return Instant.now().minus(back);
            } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
                throw tooFarBack(value);
            }
        }
        try {
            return v.length() == 10
                    ? LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(value.trim());
        } catch (DateTimeException e) {
            throw new TypeConversionException("'" + value
                    + "' is neither a date (2026-11-01), an instant (2026-11-01T12:00:00Z) nor a duration (30m, 12h,"
                    + " 7d, 2w)");
        }
    }

    private static TypeConversionException tooFarBack(String value) {
        return new TypeConversionException("'" + value + "' is too far back: give a duration after year 1 (e.g. 30m,"
                + " 12h, 7d, 2w) or a date (2026-11-01)");
    }
}
