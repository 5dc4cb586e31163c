package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FreezeWindowTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Target PROD = Target.of("my_api", "production");
    private static final Target STAGING = Target.of("my_api", "staging");
    private final FreezeWindow weekend =
            new FreezeWindow("weekend", "0 18 * * FRI", Duration.ofHours(62), PARIS, List.of("production"));

    @Test
    void window_beforeSpringChange_startsAt18hCet_andLasts62ElapsedHours() {
        // Friday 27 March 2026 18:00 CET = 17:00Z; clocks go forward on Sunday 29 March
        Optional<Freeze> f = weekend.activeFor(PROD, Instant.parse("2026-03-28T12:00:00Z"));

        assertThat(f).isPresent();
        assertThat(f.get().from()).isEqualTo(Instant.parse("2026-03-27T17:00:00Z"));
        // 62 elapsed hours: Monday 07:00Z, which is 09:00 CEST on the wall clock
        assertThat(f.get().until()).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
        assertThat(f.get().window()).isEqualTo("weekend");
        assertThat(weekend.activeFor(PROD, Instant.parse("2026-03-30T06:59:59Z")))
                .isPresent();
        assertThat(weekend.activeFor(PROD, Instant.parse("2026-03-30T07:00:00Z")))
                .isEmpty();
    }

    @Test
    void window_afterSpringChange_startsAt18hCest_sameLocalTimeOtherUtcTime() {
        // Friday 3 April 2026 18:00 CEST = 16:00Z
        assertThat(weekend.activeFor(PROD, Instant.parse("2026-04-03T15:59:00Z")))
                .isEmpty();
        Freeze f =
                weekend.activeFor(PROD, Instant.parse("2026-04-03T16:00:00Z")).orElseThrow();
        assertThat(f.from()).isEqualTo(Instant.parse("2026-04-03T16:00:00Z"));
        assertThat(f.until()).isEqualTo(Instant.parse("2026-04-06T06:00:00Z"));
    }

    @Test
    void window_acrossAutumnChange_startsAt18hCest_andEndsAfter62ElapsedHours() {
        // Friday 23 October 2026 18:00 CEST = 16:00Z; clocks go back on Sunday 25 October
        Freeze f =
                weekend.activeFor(PROD, Instant.parse("2026-10-25T01:30:00Z")).orElseThrow();
        assertThat(f.from()).isEqualTo(Instant.parse("2026-10-23T16:00:00Z"));
        assertThat(f.until()).isEqualTo(Instant.parse("2026-10-26T06:00:00Z"));
        // the next Friday is in CET: 18:00 local is 17:00Z
        assertThat(weekend.activeFor(PROD, Instant.parse("2026-10-30T16:30:00Z")))
                .isEmpty();
        assertThat(weekend.activeFor(PROD, Instant.parse("2026-10-30T17:00:00Z")))
                .get()
                .extracting(Freeze::from)
                .isEqualTo(Instant.parse("2026-10-30T17:00:00Z"));
    }

    @Test
    void window_onAWeekday_orAnotherEnvironment_isNotActive() {
        assertThat(weekend.activeFor(PROD, Instant.parse("2026-03-25T12:00:00Z")))
                .isEmpty();
        assertThat(weekend.activeFor(STAGING, Instant.parse("2026-03-28T12:00:00Z")))
                .isEmpty();
    }

    @Test
    void parse_rejectsWhatIsNotA5FieldCron_withTheReason() {
        assertThatThrownBy(() -> FreezeWindow.parse("0 18 * *")).hasMessageContaining("expected 5 fields");
        assertThatThrownBy(() -> FreezeWindow.parse("0 25 * * FRI")).hasMessageContaining("not a valid cron");
        assertThatThrownBy(() -> FreezeWindow.parse("0 0 18 * * FRI")).hasMessageContaining("5 fields");
    }
}
