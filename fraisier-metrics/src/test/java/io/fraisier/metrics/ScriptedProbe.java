package io.fraisier.metrics;

import java.util.concurrent.atomic.AtomicInteger;

/** A probe whose answer the test sets, counting its calls. */
final class ScriptedProbe implements AvailabilityProbe {
    private final String provider;
    private final String target;
    private volatile boolean available = true;
    private volatile boolean throwing;
    private final AtomicInteger calls = new AtomicInteger();

    ScriptedProbe(String provider, String target) {
        this.provider = provider;
        this.target = target;
    }

    void answer(boolean available) {
        this.available = available;
        this.throwing = false;
    }

    void throwOnNextCalls() {
        this.throwing = true;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public boolean available() {
        calls.incrementAndGet();
        if (throwing) {
            throw new IllegalStateException("ssh: connection refused");
        }
        return available;
    }
}
