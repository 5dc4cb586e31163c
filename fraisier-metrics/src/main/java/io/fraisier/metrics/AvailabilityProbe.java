package io.fraisier.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers whether one provider can reach one of its targets, for {@code fraisier_provider_availability}.
 * The CLI builds these from each configured provider's self-test.
 *
 * <p>{@link #available()} is called from the exporter's probe thread every {@code probe_interval}, never
 * at scrape time, so it may take seconds. It should return false rather than throw; an exception counts
 * as unavailable. Implementations must be safe to call from a thread other than the one that built them.
 *
 * <p>A probe of a fleet (an environment with {@code hosts:}) overrides {@link #probe()} to answer for each
 * host too: {@code fraisier_host_availability}.
 */
public interface AvailabilityProbe {
    /** The provider type ({@code bare_metal}, {@code docker_compose}, …): the {@code provider} label. */
    String provider();

    /**
     * What is probed, low-cardinality and never a secret ({@code my_api/production} or a host name): the
     * {@code target} label.
     */
    String target();

    /** Whether the provider answers now. */
    boolean available();

    /**
     * One probe round: the target's verdict and, for a fleet, each host's by host name (in the order of
     * {@code hosts:}). The default asks {@link #available()} and answers for no host.
     */
    default Answer probe() {
        return new Answer(available(), Map.of());
    }

    /**
     * What one probe round found.
     *
     * @param available whether the target's provider answers (for a fleet: every host's)
     * @param hosts each host's verdict by host name, in order; empty when the target is no fleet
     */
    record Answer(boolean available, Map<String, Boolean> hosts) {
        public Answer {
            hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        }
    }
}
