package io.fraisier.core.spi;

/**
 * Tells whether a process of this host is alive; used before an operator releases a lock whose holder
 * ({@code host:pid}) runs on this host. Injected so that tests need no real process. Thread-safe.
 */
@FunctionalInterface
public interface ProcessLiveness {
    /** Whether process {@code pid} of this host is running. Never throws. */
    boolean isAlive(long pid);

    /** The JDK's view of this host's processes. */
    ProcessLiveness SYSTEM =
            pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
}
