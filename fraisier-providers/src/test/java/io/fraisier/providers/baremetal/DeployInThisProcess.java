package io.fraisier.providers.baremetal;

import io.fraisier.core.spi.StepReporter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A process of its own that deploys the branch head with the {@code bare_metal} provider, for tests that
 * kill it outright: its arguments are the provider's keys as {@code key=value} ({@code port} a number).
 */
final class DeployInThisProcess {
    private DeployInThisProcess() {}

    public static void main(String[] args) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            settings.put(key, key.equals("port") ? (Object) Long.parseLong(value) : value);
        }
        try (var p = BareMetalTargets.provider(
                BareMetalTargets.environment(
                        Duration.ofSeconds(120), BareMetalTargets.httpCheck("http://127.0.0.1:1/"), settings),
                Map.of())) {
            p.deploy(p.resolveTarget(null), StepReporter.NONE);
        }
    }
}
