package io.fraisier.core.internal.health;

/**
 * The end of a health policy run.
 *
 * @param healthy whether an attempt passed (true as well when no check is configured)
 * @param attempts attempts made (0 when no check is configured)
 * @param detail what the last attempt saw
 */
public record HealthVerdict(boolean healthy, int attempts, String detail) {}
