package io.fraisier.persistence;

import io.fraisier.core.model.Target;
import io.fraisier.core.spi.FraisierStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A separate process for {@link LockRaceAcrossProcessesIT}: opens the store at {@code args[0]}, waits
 * for the file {@code args[2]} (the starting gun), then tries to take the lock of target
 * {@code race<i>/env} for each round {@code i < args[1]} and prints {@code WON <i>} for each win.
 */
public final class LockRacer {
    private LockRacer() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rounds = Integer.parseInt(args[1]);
        Path gun = Path.of(args[2]);
        String holder = "racer:" + ProcessHandle.current().pid();
        try (FraisierStore store = TestStores.open(url)) {
            store.ping();
            System.out.println("READY");
            System.out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(gun)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no starting signal at " + gun);
                }
                Thread.onSpinWait();
            }
            Instant now = Instant.parse("2026-03-01T12:00:00Z");
            for (int i = 0; i < rounds; i++) {
                if (store.locks()
                        .tryAcquire(Target.of("race" + i, "env"), holder, i, now, Duration.ofMinutes(5))
                        .isPresent()) {
                    System.out.println("WON " + i);
                }
            }
        }
        System.out.flush();
    }
}
