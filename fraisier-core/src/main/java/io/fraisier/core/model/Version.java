package io.fraisier.core.model;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A deployable version as a provider names it: a git commit SHA, a tag, an image tag, a Coolify
 * commit. Versions are compared for equality (equal versions are skipped unless forced); when both
 * look like dotted numbers ({@code 1.2.3}, {@code v2.0}, {@code 1.2.3-rc.1+build.5}) they are also
 * ordered, by semantic-versioning precedence.
 *
 * <p>Grammar: 1 to 200 characters of {@code [A-Za-z0-9._+:/@-]}, not starting with {@code -} (versions
 * reach remote commands, so nothing that a shell or git could read as an option).
 */
public record Version(String value) {
    public static final String GRAMMAR = "[A-Za-z0-9._+:/@][A-Za-z0-9._+:/@-]{0,199}";
    private static final Pattern VALID = Pattern.compile(GRAMMAR);
    // numbers, then an optional semver pre-release and build metadata
    private static final Pattern DOTTED = Pattern.compile(
            "v?(\\d+(?:\\.\\d+)*)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

    public Version {
        Objects.requireNonNull(value, "version");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid version: expected " + GRAMMAR);
        }
    }

    public static Version of(String value) {
        return new Version(value);
    }

    /**
     * The direction of a change from {@code this} to {@code target}. Two dotted versions are ordered by
     * semantic-versioning precedence: numbers compared as unbounded integers (a missing component counts
     * as 0), a pre-release ({@code 1.2.3-rc1}) before its release, build metadata ({@code +build})
     * ignored. Anything else (SHAs, image tags) only compares as equal or {@code CHANGE}.
     */
    public Direction directionTo(Version target) {
        if (value.equals(target.value)) {
            return Direction.REDEPLOY;
        }
        var a = DOTTED.matcher(value);
        var b = DOTTED.matcher(target.value);
        if (a.matches() && b.matches()) {
            int order = compareDotted(a.group(1), a.group(2), b.group(1), b.group(2));
            return order < 0 ? Direction.UPGRADE : order > 0 ? Direction.DOWNGRADE : Direction.REDEPLOY;
        }
        return Direction.CHANGE;
    }

    /** Semver precedence of {@code numbers[-pre]} against {@code otherNumbers[-otherPre]}. */
    private static int compareDotted(
            String numbers, @Nullable String pre, String otherNumbers, @Nullable String otherPre) {
        String[] x = numbers.split("\\.");
        String[] y = otherNumbers.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = compareNumeric(i < x.length ? x[i] : "0", i < y.length ? y[i] : "0");
            if (c != 0) {
                return c;
            }
        }
        if (pre == null || otherPre == null) {
            // a release ranks above its pre-releases
            return pre == null ? (otherPre == null ? 0 : 1) : -1;
        }
        String[] p = pre.split("\\.");
        String[] q = otherPre.split("\\.");
        for (int i = 0; i < Math.min(p.length, q.length); i++) {
            int c = compareIdentifier(p[i], q[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(p.length, q.length);
    }

    /** Pre-release identifiers: numeric ones by value and below alphanumeric ones, those in ASCII order. */
    private static int compareIdentifier(String a, String b) {
        boolean numericA = isDigits(a);
        boolean numericB = isDigits(b);
        if (numericA && numericB) {
            return compareNumeric(a, b);
        }
        if (numericA != numericB) {
            return numericA ? -1 : 1;
        }
        return Integer.signum(a.compareTo(b));
    }

    /** Two strings of digits as unbounded integers: leading zeros dropped, then length, then digits. */
    private static int compareNumeric(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : Integer.signum(x.compareTo(y));
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A short form for humans: the first 12 characters of a 40-hex SHA, the value otherwise. */
    public String shortForm() {
        return value.matches("[0-9a-f]{40}") ? value.substring(0, 12) : value;
    }

    @Override
    public String toString() {
        return value;
    }

    // equals and hashCode by hand: a record's own are bootstrapped at their first call (ObjectMethods spins
    // seven method-handle classes that no AOT cache holds, some 10 ms), and a deployment's plan compares
    // versions in every command that deploys or plans
    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Version version && value.equals(version.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
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
