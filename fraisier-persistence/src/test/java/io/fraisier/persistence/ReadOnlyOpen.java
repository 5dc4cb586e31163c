package io.fraisier.persistence;

import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.spi.FraisierStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What {@code fraisier history}, {@code stats} and {@code status-all} ask of the store, as a program of
 * its own for {@link ReadOnlyClassesIT}'s child JVM: opens the store at the URL given (through the
 * service's factory, as the CLI does), runs crash recovery's check, the reads and the notification claim, prints what it read.
 */
public final class ReadOnlyOpen {
    private ReadOnlyOpen() {}

    public static void main(String[] args) {
        Instant now = Instant.now();
        try (FraisierStore store = new JooqStoreFactory().open(null, Map.of(DatabaseLocator.URL_VARIABLE, args[0]))) {
            System.out.println(
                    "recovered " + store.recoverInterrupted(now, "stopped").size());
            System.out.println("history "
                    + store.deployments()
                            .history(new HistoryQuery(null, null, null, null, 20))
                            .size());
            System.out.println("filtered "
                    + store.deployments()
                            .history(new HistoryQuery("demo", "prod", null, now.minus(Duration.ofDays(7)), 1))
                            .size());
            System.out.println("stats " + store.deployments().stats(now.minus(Duration.ofDays(7)), null));
            System.out.println("states " + store.states().list().size());
            store.states().list().forEach(s -> store.locks().find(s.target()));
            System.out.println("locks " + store.locks().list().size());
            System.out.println("freezes " + store.freezes().list().size());
            // on the way out, a command with notifications configured delivers the due ones
            System.out.println("due "
                    + store.outbox()
                            .claim("cli-1", now, Duration.ofSeconds(30), 1)
                            .size());
            store.ping();
        }
    }
}
