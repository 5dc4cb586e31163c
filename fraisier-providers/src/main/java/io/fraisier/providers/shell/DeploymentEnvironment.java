package io.fraisier.providers.shell;

import io.fraisier.core.model.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The variables every operator-written command (install, restart, health, log) gets, whichever
 * provider runs it: {@code FRAISIER_VERSION} (when known), {@code FRAISIER_FRAISE},
 * {@code FRAISIER_ENVIRONMENT}.
 */
public final class DeploymentEnvironment {
    private DeploymentEnvironment() {}

    public static Map<String, String> of(Target target, @Nullable String version) {
        Map<String, String> env = new LinkedHashMap<>();
        if (version != null) {
            env.put("FRAISIER_VERSION", version);
        }
        env.put("FRAISIER_FRAISE", target.fraise());
        env.put("FRAISIER_ENVIRONMENT", target.environment());
        return env;
    }
}
