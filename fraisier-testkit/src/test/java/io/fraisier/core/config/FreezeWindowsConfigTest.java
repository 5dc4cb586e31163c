package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.Target;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreezeWindowsConfigTest {
    private final ConfigParser parser = new ConfigParser(Map.of(), ReferenceProviders.all());
    private static final Instant SATURDAY = Instant.parse("2026-03-28T12:00:00Z");

    private static final String FRAISES = """
            fraises:
              my_api:
                environments:
                  production:
                    provider: local
                    app_path: /srv/api
                    freeze_windows:
                      - name: nightly
                        cron: "0 1 * * *"
                        duration: 2h
                  staging: { provider: local, app_path: /srv/api-staging }
              worker:
                environments:
                  production: { provider: local, app_path: /srv/worker }
            """;

    @Test
    void topLevelWindow_appliesToItsEnvironmentsOfEveryFraise_withItsTimezone() {
        FraisierConfig c = parser.parse(FRAISES + """
                freeze_windows:
                  - name: weekend
                    cron: "0 18 * * FRI"
                    duration: 62h
                    timezone: Europe/Paris
                    environments: [production]
                """, Path.of("fraises.yaml"));

        assertThat(c.freezeWindows())
                .contains(new FreezeWindow(
                        "weekend",
                        "0 18 * * FRI",
                        Duration.ofHours(62),
                        ZoneId.of("Europe/Paris"),
                        java.util.List.of("production")));
        assertThat(c.activeWindows(Target.of("my_api", "production"), SATURDAY))
                .extracting(Freeze::window)
                .containsExactly("weekend");
        assertThat(c.activeWindows(Target.of("worker", "production"), SATURDAY)).hasSize(1);
        assertThat(c.activeWindows(Target.of("my_api", "staging"), SATURDAY)).isEmpty();
    }

    @Test
    void windowUnderAnEnvironment_freezesOnlyThatTarget_inUtcByDefault() {
        FraisierConfig c = parser.parse(FRAISES, Path.of("fraises.yaml"));
        Instant night = Instant.parse("2026-03-28T01:30:00Z");

        assertThat(c.activeWindows(Target.of("my_api", "production"), night))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.window()).isEqualTo("nightly");
                    assertThat(f.until()).isEqualTo(Instant.parse("2026-03-28T03:00:00Z"));
                });
        assertThat(c.activeWindows(Target.of("worker", "production"), night)).isEmpty();
        assertThat(c.activeWindows(Target.of("my_api", "staging"), night)).isEmpty();
    }

    @Test
    void misplacedOrIncompleteWindows_areReportedWithTheirKeyPaths() {
        ConfigException e =
                catchThrowableOfType(ConfigException.class, () -> parser.parse("""
                defaults:
                  freeze_windows: []
                fraises:
                  my_api:
                    environments:
                      production:
                        provider: local
                        app_path: /srv/api
                        freeze_windows:
                          - name: x
                            cron: "0 1 * * *"
                            duration: 1h
                            environments: [production]
                freeze_windows:
                  - name: y
                    cron: "0 1 * *"
                  - name: y
                    cron: "0 1 * * *"
                    duration: 0h
                    colour: red
                """, Path.of("fraises.yaml")));

        assertThat(e.problems().stream().map(ConfigProblem::format))
                .containsExactly(
                        "fraises.yaml:2:3: defaults.freeze_windows: freeze_windows goes at the top level (with"
                                + " environments: [...]) or under an environment, not under defaults",
                        "fraises.yaml:13:13: fraises.my_api.environments.production.freeze_windows[0].environments:"
                                + " a window under an environment freezes that environment: remove environments:",
                        "fraises.yaml:15:5: freeze_windows[0]: missing key 'duration'",
                        "fraises.yaml:16:11: freeze_windows[0].cron: expected 5 fields (minute hour day-of-month"
                                + " month day-of-week), got '0 1 * *'",
                        "fraises.yaml:17:11: freeze_windows[1].name: another window is already named 'y'",
                        "fraises.yaml:19:15: freeze_windows[1].duration: '0h' must be more than 0 and at most 1000"
                                + " years",
                        "fraises.yaml:20:5: freeze_windows[1].colour: unknown key 'colour'");
    }
}
