package io.fraisier.providers.health;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a {@link HealthCheck}: every configured probe (HTTP, then TCP, then command) within one
 * shared time budget; healthy only when all of them are. Stops at the first unhealthy one.
 *
 * <p>Thread-safe when its probes are.
 */
public final class HealthCheckProbe {
    private final HttpProbe http;
    private final TcpProbe tcp;
    private final CommandProbe command;

    public HealthCheckProbe(HttpProbe http, TcpProbe tcp, CommandProbe command) {
        this.http = http;
        this.tcp = tcp;
        this.command = command;
    }

    /**
     * @param check what to probe
     * @param timeout the budget of this attempt
     * @param commandDir where a health command runs (null: the runner's default)
     * @param commandEnv extra environment of a health command
     */
    public ProbeResult probe(
            HealthCheck check, Duration timeout, @Nullable String commandDir, Map<String, String> commandEnv) {
        if (!check.isConfigured()) {
            return ProbeResult.healthy("no health check configured", Duration.ZERO);
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<String> details = new ArrayList<>();
        if (check.url() != null) {
            ProbeResult result = http.probe(check.url(), check.expectStatus(), remaining(deadline));
            details.add(result.detail());
            if (!result.healthy()) {
                return verdict(false, details, start);
            }
        }
        if (check.tcp() != null) {
            ProbeResult result = tcp.probe(HostPort.parse("health_check_tcp", check.tcp()), remaining(deadline));
            details.add(result.detail());
            if (!result.healthy()) {
                return verdict(false, details, start);
            }
        }
        if (check.command() != null) {
            ProbeResult result = command.probe(check.command(), commandDir, commandEnv, remaining(deadline));
            details.add(result.detail());
            if (!result.healthy()) {
                return verdict(false, details, start);
            }
        }
        return verdict(true, details, start);
    }

    private static Duration remaining(long deadline) {
        // a probe that starts after the budget is spent still gets a sliver, so it reports "timed out"
        return Duration.ofNanos(
                Math.max(deadline - System.nanoTime(), Duration.ofMillis(10).toNanos()));
    }

    private static ProbeResult verdict(boolean healthy, List<String> details, long start) {
        return new ProbeResult(healthy, String.join("; ", details), TcpProbe.since(start));
    }
}
