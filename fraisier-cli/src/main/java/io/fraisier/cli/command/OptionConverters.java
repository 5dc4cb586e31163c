package io.fraisier.cli.command;

import io.fraisier.cli.render.OutputFormat;
import io.fraisier.core.config.DidYouMean;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Version;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How option and parameter values become types. Every failure is a {@link TypeConversionException} whose
 * message says what was given and what is expected (with a "did you mean" for names), so that picocli
 * reports {@code Invalid value for option '--status': …} and never a Java exception's class or text.
 *
 * <p>Thread-safe (stateless).
 */
public final class OptionConverters {
    private OptionConverters() {}

    /** Registers the converters on {@code cli} and, through picocli, on every subcommand. */
    public static void register(CommandLine cli) {
        cli.registerConverter(Version.class, OptionConverters::version);
        cli.registerConverter(DeploymentStatus.class, OptionConverters::status);
        cli.registerConverter(ResolveCommand.Resolution.class, choice(ResolveCommand.Resolution.class));
        cli.registerConverter(OutputFormat.class, choice(OutputFormat.class));
        ITypeConverter<Integer> whole = v -> (int) whole(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        cli.registerConverter(Integer.class, whole);
        cli.registerConverter(int.class, whole);
        ITypeConverter<Long> wholeLong = v -> whole(v, Long.MIN_VALUE, Long.MAX_VALUE);
        cli.registerConverter(Long.class, wholeLong);
        cli.registerConverter(long.class, wholeLong);
    }

    static Version version(String value) {
        try {
            return Version.of(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value
                    + "' is not a valid version: expected a commit SHA, tag or version matching " + Version.GRAMMAR);
        }
    }

    static DeploymentStatus status(String value) {
        List<String> names = Arrays.stream(DeploymentStatus.values())
                .map(DeploymentStatus::dbValue)
                .toList();
        for (DeploymentStatus s : DeploymentStatus.values()) {
            if (s.dbValue().equalsIgnoreCase(value.trim())) {
                return s;
            }
        }
        throw new TypeConversionException(unknown("status", value, names));
    }

    static <E extends Enum<E>> ITypeConverter<E> choice(Class<E> type) {
        Function<E, String> name = e -> e.name().toLowerCase(Locale.ROOT);
        return value -> {
            for (E e : type.getEnumConstants()) {
                if (name.apply(e).equalsIgnoreCase(value.trim())) {
                    return e;
                }
            }
            throw new TypeConversionException(unknown(
                    "value",
                    value,
                    Arrays.stream(type.getEnumConstants()).map(name).toList()));
        };
    }

    static long whole(String value, long min, long max) {
        String v = value.trim();
        if (v.matches("[+-]?\\d{1,19}")) {
            try {
                long n = Long.parseLong(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // more than Long.MAX_VALUE: reported below like any other out-of-range number
            }
            throw new TypeConversionException(
                    "'" + value + "' is out of range: expected a whole number from " + min + " to " + max);
        }
        throw new TypeConversionException("'" + value + "' is not a whole number");
    }

    private static String unknown(String what, String value, List<String> allowed) {
        return "unknown " + what + " '" + value + "'" + DidYouMean.suffix(value, allowed) + "; expected one of "
                + String.join(", ", allowed);
    }
}
