package io.fraisier.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One fraise (a deployable service).
 *
 * @param name its name
 * @param type {@code api}, {@code etl}, {@code scheduled} or {@code backup}
 * @param description free text (may be null)
 * @param environments environment name → environment, in file order
 */
public record FraiseConfig(
        String name, String type, @Nullable String description, Map<String, EnvironmentConfig> environments) {
    public FraiseConfig {
        environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
    }
}
