package io.fraisier.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A deployable version as a provider names it: a git commit SHA, a tag, an image tag, a Coolify
 * commit. Versions are compared for equality (equal versions are skipped unless forced); when both
 * look like dotted numbers ({@code 1.2.3}, {@code v2.0}) they are also ordered.
 *
 * <p>Grammar: 1 to 200 characters of {@code [A-Za-z0-9._+:/@-]}, not starting with {@code -} (versions
 * reach remote commands, so nothing that a shell or git could read as an option).
 */
public record Version(String value) {
    public static final String GRAMMAR = "[A-Za-z0-9._+:/@][A-Za-z0-9._+:/@-]{0,199}";
    private static final Pattern VALID = Pattern.compile(GRAMMAR);
    private static final Pattern DOTTED = Pattern.compile("v?(\\d+(?:\\.\\d+)*)");

    public Version {
        Objects.requireNonNull(value, "version");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid version: expected " + GRAMMAR);
        }
    }

    public static Version of(String value) {
        return new Version(value);
    }

    /** The direction of a change from {@code this} to {@code target}. */
    public Direction directionTo(Version target) {
        if (value.equals(target.value)) {
            return Direction.REDEPLOY;
        }
        var a = DOTTED.matcher(value);
        var b = DOTTED.matcher(target.value);
        if (a.matches() && b.matches()) {
            String[] x = a.group(1).split("\\.");
            String[] y = b.group(1).split("\\.");
            for (int i = 0; i < Math.max(x.length, y.length); i++) {
                long p = i < x.length ? Long.parseLong(x[i]) : 0;
                long q = i < y.length ? Long.parseLong(y[i]) : 0;
                if (p != q) {
                    return p < q ? Direction.UPGRADE : Direction.DOWNGRADE;
                }
            }
            return Direction.REDEPLOY;
        }
        return Direction.CHANGE;
    }

    /** A short form for humans: the first 12 characters of a 40-hex SHA, the value otherwise. */
    public String shortForm() {
        return value.matches("[0-9a-f]{40}") ? value.substring(0, 12) : value;
    }

    @Override
    public String toString() {
        return value;
    }

    /** How a deployment moves between versions. {@code CHANGE}: different, order unknown (two SHAs). */
    public enum Direction {
        UPGRADE,
        DOWNGRADE,
        REDEPLOY,
        CHANGE,
        INITIAL
    }
}
