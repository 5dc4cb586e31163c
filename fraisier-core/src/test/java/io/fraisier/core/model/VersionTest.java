package io.fraisier.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fraisier.core.model.Version.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ordering of versions: semver precedence for dotted versions, equality only for anything else. */
class VersionTest {
    private static final long SEED = 0x5EED_F4A1L;
    private static final int PAIRS = 20_000;

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "1.2, 99999999999999999999, UPGRADE",
        "99999999999999999999, 100000000000000000000, UPGRADE",
        "1.99999999999999999999, 1.100000000000000000000, UPGRADE",
        "v1.2.3-rc1, v1.2.3, UPGRADE",
        "v1.2.3, v1.2.3-rc1, DOWNGRADE",
        "1.0.0-alpha, 1.0.0-alpha.1, UPGRADE",
        "1.0.0-alpha.1, 1.0.0-alpha.beta, UPGRADE",
        "1.0.0-alpha.beta, 1.0.0-beta, UPGRADE",
        "1.0.0-beta, 1.0.0-beta.2, UPGRADE",
        "1.0.0-beta.2, 1.0.0-beta.11, UPGRADE",
        "1.0.0-beta.11, 1.0.0-rc.1, UPGRADE",
        "1.0.0-rc.1, 1.0.0, UPGRADE",
        "1.2.3-rc.2, 1.2.4-rc.1, UPGRADE",
        "1.2.0, 1.3.0, UPGRADE",
        "v2.0, 1.9.9, DOWNGRADE",
        "1.2, 1.2.0, REDEPLOY",
        "1.2.3+build.1, 1.2.3+build.2, REDEPLOY",
        "01.2, 1.2, REDEPLOY",
        "1.2.3, 1.2.3, REDEPLOY",
        "abc1234, def5678, CHANGE",
        "v1.2.3, latest, CHANGE",
        "1.2.3, 1.2.3-, CHANGE",
    })
    void directionTo_ordersBySemverPrecedence(String from, String to, Direction expected) {
        assertThat(Version.of(from).directionTo(Version.of(to))).isEqualTo(expected);
    }

    @Test
    void equality_isTheValues_asARecordsWouldBe() {
        Version a = Version.of("1.2.3");

        assertThat(a).isEqualTo(Version.of("1.2.3")).hasSameHashCodeAs(Version.of("1.2.3"));
        assertThat(a).isNotEqualTo(Version.of("1.2.4")).isNotEqualTo("1.2.3").isNotEqualTo(null);
        assertThat(a.hashCode()).isEqualTo("1.2.3".hashCode());
        assertThat(java.util.Set.of(Version.of("abc"), Version.of("abd"))).contains(Version.of("abc"));
    }

    @Test
    void directionTo_neverThrows_isAntisymmetric_forGeneratedPairs() {
        Random random = new Random(SEED);
        for (int i = 0; i < PAIRS; i++) {
            Version a = generate(random);
            Version b = generate(random);
            Direction ab = a.directionTo(b);
            Direction ba = b.directionTo(a);
            assertThat(ba).as("%s -> %s is %s", a, b, ab).isEqualTo(reverse(ab));
            assertThat(a.directionTo(a)).isEqualTo(Direction.REDEPLOY);
        }
    }

    @Test
    void directionTo_isTransitive_forGeneratedTriples() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < PAIRS; i++) {
            // dotted versions only: an order exists between any two
            Version a = dotted(random);
            Version b = dotted(random);
            Version c = dotted(random);
            int ab = sign(a.directionTo(b));
            int bc = sign(b.directionTo(c));
            int ac = sign(a.directionTo(c));
            if (ab <= 0 && bc <= 0) {
                assertThat(ac).as("%s <= %s <= %s", a, b, c).isLessThanOrEqualTo(0);
            }
            if (ab < 0 && bc <= 0 || ab <= 0 && bc < 0) {
                assertThat(ac).as("%s < %s <= %s", a, b, c).isEqualTo(-1);
            }
            if (ab == 0 && bc == 0) {
                assertThat(ac).as("%s = %s = %s", a, b, c).isZero();
            }
        }
    }

    @Test
    void directionTo_neverThrows_forAnyValidString() {
        Random random = new Random(SEED + 2);
        String first = "0123456789.+vV:/@_abcxyz";
        String alphabet = first + "-";
        List<Version> versions = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder s = new StringBuilder();
            s.append(first.charAt(random.nextInt(first.length())));
            int length = random.nextInt(60);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            versions.add(Version.of(s.toString()));
        }
        for (int i = 0; i < versions.size(); i++) {
            Version a = versions.get(i);
            Version b = versions.get((i * 7 + 3) % versions.size());
            assertThatCode(() -> a.directionTo(b)).as("%s -> %s", a, b).doesNotThrowAnyException();
        }
    }

    private static int sign(Direction d) {
        return switch (d) {
            case UPGRADE -> -1;
            case DOWNGRADE -> 1;
            case REDEPLOY -> 0;
            default -> throw new AssertionError("dotted versions are ordered, got " + d);
        };
    }

    private static Direction reverse(Direction d) {
        return switch (d) {
            case UPGRADE -> Direction.DOWNGRADE;
            case DOWNGRADE -> Direction.UPGRADE;
            default -> d;
        };
    }

    /** A dotted version, a SHA-like string or an image tag; small parts so that ties happen often. */
    private static Version generate(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Version.of(Integer.toHexString(random.nextInt()) + "abc");
            case 1 -> Version.of(random.nextBoolean() ? "latest" : "main");
            default -> dotted(random);
        };
    }

    private static Version dotted(Random random) {
        StringBuilder s = new StringBuilder(random.nextInt(4) == 0 ? "v" : "");
        int parts = 1 + random.nextInt(3);
        for (int i = 0; i < parts; i++) {
            s.append(i == 0 ? "" : ".").append(number(random));
        }
        if (random.nextInt(3) == 0) {
            int ids = 1 + random.nextInt(3);
            for (int i = 0; i < ids; i++) {
                s.append(i == 0 ? "-" : ".");
                s.append(
                        switch (random.nextInt(3)) {
                            case 0 -> number(random);
                            case 1 ->
                                List.of("alpha", "beta", "rc", "rc1", "x-y").get(random.nextInt(5));
                            default -> "0" + random.nextInt(3);
                        });
            }
        }
        if (random.nextInt(5) == 0) {
            s.append("+build.").append(random.nextInt(3));
        }
        return Version.of(s.toString());
    }

    private static String number(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "99999999999999999999" + random.nextInt(2);
            case 1 -> "00" + random.nextInt(3);
            default -> Integer.toString(random.nextInt(3));
        };
    }
}
