package io.fraisier.metrics;

import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.util.Locale;
import java.util.Map;

/** Decides whether metrics are recorded: {@code FRAISIER_METRICS_ENABLED} wins over {@code metrics.enabled}. */
public final class MetricsSettings {
    /** The environment variable the operator guide uses to turn recording off. */
    public static final String ENABLED_VARIABLE = "FRAISIER_METRICS_ENABLED";

    private MetricsSettings() {}

    /**
     * Whether metrics are recorded.
     *
     * @param config the {@code metrics:} block
     * @param env the process environment (usually {@code System.getenv()})
     * @throws FraisierException {@link ErrorCode#CONFIG_INVALID} when the variable is set to something that is
     *     not a boolean
     */
    public static boolean enabled(MetricsConfig config, Map<String, String> env) {
        String raw = env.get(ENABLED_VARIABLE);
        if (raw == null || raw.isBlank()) {
            return config.enabled();
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default ->
                throw new FraisierException(
                        ErrorCode.CONFIG_INVALID,
                        ENABLED_VARIABLE + "='" + raw + "' is not a boolean",
                        "Set " + ENABLED_VARIABLE + " to true or false, or unset it to use metrics.enabled from"
                                + " fraises.yaml.");
        };
    }

    /** Why metrics are off, for the exporter's page and the CLI. */
    public static String disabledExplanation() {
        return "Fraisier metrics are disabled (" + ENABLED_VARIABLE + "=false or metrics.enabled: false in"
                + " fraises.yaml); no metric is recorded or exported.";
    }
}
