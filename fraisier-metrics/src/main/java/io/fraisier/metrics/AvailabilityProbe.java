package io.fraisier.metrics;

/**
 * Answers whether one provider can reach one of its targets, for {@code fraisier_provider_availability}.
 * The CLI builds these from each configured provider's self-test.
 *
 * <p>{@link #available()} is called from the exporter's probe thread every {@code probe_interval}, never
 * at scrape time, so it may take seconds. It should return false rather than throw; an exception counts
 * as unavailable. Implementations must be safe to call from a thread other than the one that built them.
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
}
