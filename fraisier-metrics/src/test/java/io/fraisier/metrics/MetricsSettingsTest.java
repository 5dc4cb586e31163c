package io.fraisier.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsSettingsTest {
    private static final MetricsConfig ON = MetricsConfig.defaults();
    private static final MetricsConfig OFF = new MetricsConfig(false, "localhost", 8001, Duration.ofSeconds(60));

    @Test
    void enabled_withoutTheVariable_followsTheConfig() {
        assertThat(MetricsSettings.enabled(ON, Map.of())).isTrue();
        assertThat(MetricsSettings.enabled(OFF, Map.of())).isFalse();
        assertThat(MetricsSettings.enabled(OFF, Map.of("FRAISIER_METRICS_ENABLED", " ")))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "0", "no", "off"})
    void enabled_whenTheVariableSaysFalse_overridesAnEnabledConfig(String value) {
        assertThat(MetricsSettings.enabled(ON, Map.of("FRAISIER_METRICS_ENABLED", value)))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "True", "1", "yes", "on"})
    void enabled_whenTheVariableSaysTrue_overridesADisabledConfig(String value) {
        assertThat(MetricsSettings.enabled(OFF, Map.of("FRAISIER_METRICS_ENABLED", value)))
                .isTrue();
    }

    @Test
    void enabled_whenTheVariableIsNotABoolean_failsNamingIt() {
        assertThatThrownBy(() -> MetricsSettings.enabled(ON, Map.of("FRAISIER_METRICS_ENABLED", "maybe")))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessage("FRAISIER_METRICS_ENABLED='maybe' is not a boolean");
    }
}
