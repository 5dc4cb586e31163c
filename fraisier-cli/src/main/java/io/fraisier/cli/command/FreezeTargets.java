package io.fraisier.cli.command;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.model.Target;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ParameterException;

/** {@code FRAISE ENV}, {@code FRAISE --all} (its environments) or {@code --all} (every target). */
final class FreezeTargets {
    private FreezeTargets() {}

    static List<Target> resolve(
            FraisierConfig config,
            @Nullable String fraise,
            @Nullable String environment,
            boolean all,
            java.util.function.Function<String, ParameterException> usage) {
        if (all) {
            if (environment != null) {
                throw usage.apply("give either ENVIRONMENT or --all, not both");
            }
            List<Target> out = config.environments().stream()
                    .map(EnvironmentConfig::target)
                    .filter(t -> fraise == null || t.fraise().equals(fraise))
                    .toList();
            if (fraise != null && out.isEmpty()) {
                config.environment(fraise, "-");
            }
            return out;
        }
        if (fraise == null || environment == null) {
            throw usage.apply("give FRAISE ENVIRONMENT, FRAISE --all (its environments) or --all (every target)");
        }
        return List.of(config.environment(fraise, environment).target());
    }
}
