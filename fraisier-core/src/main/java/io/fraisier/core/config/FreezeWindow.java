package io.fraisier.core.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A declared freeze window of {@code fraises.yaml} ({@code freeze_windows:}): it begins at each time
 * its standard 5-field {@code cron} expression matches, read in {@code timezone} (so "18:00 on Friday"
 * stays 18:00 local across daylight-saving changes), and lasts {@code duration} of elapsed time.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the window's name, shown in refusals
 * @param cron the start, a 5-field cron expression (minute hour day-of-month month day-of-week)
 * @param duration how long each window lasts (elapsed time)
 * @param timezone the zone the cron expression is read in
 * @param environments the environments it freezes (every fraise's); empty: every environment
 * @param fraise the only fraise it freezes (a window written under {@code fraises.<f>.environments.<e>}),
 *     or null: every fraise
 */
public record FreezeWindow(
        String name,
        String cron,
        Duration duration,
        ZoneId timezone,
        List<String> environments,
        @org.jspecify.annotations.Nullable String fraise) {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    public FreezeWindow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timezone, "timezone");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        environments = List.copyOf(environments);
        parse(cron);
    }

    /** A top-level window (every fraise). */
    public FreezeWindow(String name, String cron, Duration duration, ZoneId timezone, List<String> environments) {
        this(name, cron, duration, timezone, environments, null);
    }

    /**
     * Parses a 5-field cron expression.
     *
     * @throws IllegalArgumentException with the parser's reason when it is not one
     */
    public static Cron parse(String cron) {
        Objects.requireNonNull(cron, "cron");
        if (cron.trim().split("\\s+").length != 5) {
            throw new IllegalArgumentException(
                    "expected 5 fields (minute hour day-of-month month day-of-week), got '" + cron + "'");
        }
        try {
            return PARSER.parse(cron).validate();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + cron + "' is not a valid cron expression: " + e.getMessage(), e);
        }
    }

    /** Whether it applies to {@code target}. */
    public boolean covers(Target target) {
        return (fraise == null || fraise.equals(target.fraise()))
                && (environments.isEmpty() || environments.contains(target.environment()));
    }

    /**
     * The window that holds at {@code now} for {@code target}: the latest start at or before {@code now}
     * whose end ({@code start + duration}) is after it.
     */
    public Optional<Freeze> activeFor(Target target, Instant now) {
        if (!covers(target)) {
            return Optional.empty();
        }
        ExecutionTime times = ExecutionTime.forCron(parse(cron));
        ZonedDateTime local = now.atZone(timezone);
        Optional<ZonedDateTime> start = times.isMatch(local.withSecond(0).withNano(0))
                ? Optional.of(local.withSecond(0).withNano(0))
                : times.lastExecution(local);
        return start.map(ZonedDateTime::toInstant)
                .filter(s -> s.plus(duration).isAfter(now))
                .map(s -> new Freeze(
                        target,
                        name,
                        "fraises.yaml",
                        "declared window (" + cron + " " + timezone + ", "
                                + duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + ")",
                        s,
                        s.plus(duration)));
    }
}
