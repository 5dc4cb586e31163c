package io.fraisier.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ValueReader#wholeMillis} gives what the {@code BigDecimal} arithmetic it replaced gave, for every
 * number of seconds the configuration's pattern lets through.
 */
class WholeMillisTest {
    /** The former rule: the decimal moved three places, at least 1 and below Long.MAX_VALUE, truncated. */
    private static long asBefore(String decimal) {
        BigDecimal millis = new BigDecimal(decimal).movePointRight(3);
        return millis.compareTo(BigDecimal.ONE) >= 0 && millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                ? millis.longValue()
                : 0;
    }

    private static long now(String decimal) {
        long millis = ValueReader.wholeMillis(decimal);
        return millis >= 1 ? millis : 0;
    }

    @Test
    void edges_matchTheFormerArithmetic() {
        List<String> cases = List.of(
                "60",
                "+60",
                "-60",
                "0",
                "-0",
                "00060",
                "0.5",
                ".5",
                "5.",
                "0.0015",
                "0.0009",
                "0.001",
                "1.2345",
                "-0.5",
                "+.25",
                "000.000",
                "9223372036854775.806",
                "9223372036854775.807",
                "9223372036854775.808",
                "9999999999999999",
                "10000000000000000",
                "99999999999999999999",
                "0.999999999999",
                "1e3".replace("e3", ""));
        for (String c : cases) {
            assertThat(now(c)).as(c).isEqualTo(asBefore(c));
        }
    }

    @Test
    void randomDecimals_matchTheFormerArithmetic() {
        Random random = new Random(14);
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            switch (random.nextInt(3)) {
                case 0 -> b.append('-');
                case 1 -> b.append('+');
                default -> {}
            }
            int wholeDigits = random.nextInt(21);
            for (int d = 0; d < wholeDigits; d++) {
                b.append((char) ('0' + random.nextInt(10)));
            }
            if (wholeDigits == 0 || random.nextBoolean()) {
                b.append('.');
                int fractionDigits = random.nextInt(wholeDigits == 0 ? 8 : 9) + (wholeDigits == 0 ? 1 : 0);
                for (int d = 0; d < fractionDigits; d++) {
                    b.append((char) ('0' + random.nextInt(10)));
                }
            }
            cases.add(b.toString());
        }
        for (String c : cases) {
            assertThat(now(c)).as(c).isEqualTo(asBefore(c));
        }
    }
}
