package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.DeploymentEvent;
import io.fraisier.core.model.NewDeployment;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.FraisierStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite file itself must do: foreign keys, WAL, and two processes' stores sharing it. */
class SqliteStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path tmp;

    /**
     * A commit is on disk before it is acknowledged, on every connection the store uses: in WAL mode with
     * {@code synchronous=NORMAL} a committed transaction "might roll back following a power loss or system
     * crash" (SQLite's documentation), so the webhook daemon would answer 202 for a push that a power cut
     * then erases, and a deployment could run without its row. {@code FULL} syncs the WAL at every commit.
     */
    @Test
    void everyConnectionSyncsEachCommit_soAnAcknowledgedWriteSurvivesAPowerLoss() {
        Database db = Database.open(new DatabaseLocator()
                .locate(null, java.util.Map.of(DatabaseLocator.URL_VARIABLE, "sqlite:" + tmp.resolve("f.db"))));
        try {
            // 2 is FULL; NORMAL is 1
            Object plain = db.query(c -> pragma(c, "synchronous"));
            Object pooled = db.read(ctx -> ctx.connectionResult(c -> pragma(c, "synchronous")));
            Object journal = db.query(c -> pragma(c, "journal_mode"));
            assertThat(plain).as("the plain connection of reads").isEqualTo(2);
            assertThat(pooled).as("the pool's connections").isEqualTo(2);
            assertThat(journal).isEqualTo("wal");
        } finally {
            db.close();
        }
    }

    private static Object pragma(java.sql.Connection c, String name) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("PRAGMA " + name)) {
            r.next();
            return r.getObject(1);
        }
    }

    @Test
    void foreignKeysAreEnforced() {
        try (FraisierStore store = TestStores.open("sqlite:" + tmp.resolve("f.db"))) {
            assertThatThrownBy(() -> store.events()
                            .append(new DeploymentEvent(4242, T0, "lock", DeploymentEvent.Level.INFO, "orphan")))
                    .isInstanceOfSatisfying(FraisierException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                        assertThat(e.getMessage()).contains("refused a write");
                    });
        }
    }

    /**
     * A webhook event whose commit fails after the INSERT ran (as on a full disk, where the WAL append of
     * the commit fails) must throw, not hand out the id of a row that was rolled back: with {@code
     * RETURNING} SQLite returned the id on the first step and the failed auto-commit went unnoticed. A
     * deferred foreign key, violated by a trigger, makes the commit fail every time.
     */
    /**
     * SQLite keeps writing to a database file that was deleted, or moved away, while it had it open: the writes
     * "succeed" into a file that no path names any more, and are gone when the program restarts (a clean-up job,
     * a mistaken {@code rm}, a data folder moved under a running daemon). The daemon would answer 202 for pushes
     * that no restart ever sees. So a write first checks that the path still names the file the store opened,
     * and refuses, naming the path, when it does not: the daemon answers 503, its /health fails.
     */
    @Test
    void aDatabaseFileDeletedOrReplacedUnderTheStore_refusesWrites_insteadOfLosingThem() throws Exception {
        Path file = tmp.resolve("f.db");
        NewDeployment row =
                new NewDeployment(Target.of("api", "prod"), "local", Trigger.CLI, "ops", null, null, null, null, false);
        try (FraisierStore store = TestStores.open("sqlite:" + file)) {
            store.deployments().create(row, T0);
            java.nio.file.Files.delete(file);

            assertThatThrownBy(() -> store.deployments().create(row, T0))
                    .isInstanceOfSatisfying(FraisierException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
                        assertThat(e.getMessage())
                                .contains(file.toString(), "was deleted or replaced while Fraisier had it open");
                        assertThat(e.hint()).contains("/proc/");
                    });
            assertThatThrownBy(store::checkWritable)
                    .isInstanceOfSatisfying(
                            FraisierException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE));

            // another file put at the path (a restore, a copy): still not the file the store writes into
            java.nio.file.Files.writeString(file, "");
            assertThatThrownBy(() -> store.deployments().create(row, T0))
                    .isInstanceOfSatisfying(
                            FraisierException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE));
        }
    }

    /** A SQLite file of another application's (a wrong database.path): refused in Fraisier's words, left as it was. */
    @Test
    void aFileHoldingAnotherApplicationsTables_isRefused_withWhatToDo() throws Exception {
        Path file = tmp.resolve("app.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)");
        }

        assertThatThrownBy(() -> TestStores.open("sqlite:" + file))
                .isInstanceOfSatisfying(FraisierException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(e.getMessage()).contains(file.toString(), "already holds tables of something else");
                    assertThat(e.hint()).contains("a file of Fraisier's own");
                });
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet tables = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
            tables.next();
            assertThat(tables.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void recordWhoseCommitFails_throws_andAcknowledgesNoId() throws Exception {
        Path file = tmp.resolve("f.db");
        try (FraisierStore store = TestStores.open("sqlite:" + file)) {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                    java.sql.Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t_parent (id INTEGER PRIMARY KEY)");
                s.execute("CREATE TABLE t_commit_fails (p INTEGER REFERENCES t_parent (id)"
                        + " DEFERRABLE INITIALLY DEFERRED)");
                s.execute("CREATE TRIGGER tr_commit_fails AFTER INSERT ON tb_webhook_event"
                        + " WHEN NEW.delivery_id = 'poison' BEGIN INSERT INTO t_commit_fails VALUES (42); END");
            }
            WebhookEvent poison = new WebhookEvent(
                    0, T0, "github", "push", "poison", null, null, null, null, null, "{}", true, "ignored", List.of());

            assertThatThrownBy(() -> store.webhooks().record(poison)).isInstanceOf(FraisierException.class);
            assertThat(store.webhooks().recent(10)).isEmpty();
        }
    }

    @Test
    void deploymentCreateWhoseCommitFails_throws_andAcknowledgesNoId() throws Exception {
        Path file = tmp.resolve("f.db");
        try (FraisierStore store = TestStores.open("sqlite:" + file)) {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                    java.sql.Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t_parent (id INTEGER PRIMARY KEY)");
                s.execute("CREATE TABLE t_commit_fails (p INTEGER REFERENCES t_parent (id)"
                        + " DEFERRABLE INITIALLY DEFERRED)");
                s.execute("CREATE TRIGGER tr_commit_fails AFTER INSERT ON tb_deployment"
                        + " BEGIN INSERT INTO t_commit_fails VALUES (42); END");
            }

            assertThatThrownBy(() -> store.deployments()
                            .create(
                                    new NewDeployment(
                                            Target.of("a", "b"),
                                            "local",
                                            Trigger.CLI,
                                            null,
                                            null,
                                            null,
                                            null,
                                            null,
                                            false),
                                    T0))
                    .isInstanceOf(FraisierException.class);
            assertThat(store.deployments().history(new io.fraisier.core.model.HistoryQuery(null, null, null, null, 10)))
                    .isEmpty();
        }
    }

    @Test
    void theFileIsInWalMode_soReadersDoNotBlockTheWriter() {
        Path file = tmp.resolve("f.db");
        try (FraisierStore store = TestStores.open("sqlite:" + file)) {
            store.deployments()
                    .create(
                            new NewDeployment(
                                    Target.of("a", "b"), "local", Trigger.CLI, null, null, null, null, null, false),
                            T0);
            assertThat(tmp.resolve("f.db-wal")).exists();
        }
    }

    @Test
    void twoStoresOnOneFile_seeEachOthersWrites_andShareLocks() {
        String url = "sqlite:" + tmp.resolve("shared.db");
        try (FraisierStore cli = TestStores.open(url);
                FraisierStore daemon = TestStores.open(url)) {
            long id = cli.deployments()
                    .create(
                            new NewDeployment(
                                    Target.of("a", "b"), "local", Trigger.CLI, null, null, null, null, null, false),
                            T0)
                    .id();
            assertThat(daemon.queue().claimNext("daemon", T0))
                    .get()
                    .extracting(d -> d.id())
                    .isEqualTo(id);
            assertThat(cli.locks().tryAcquire(Target.of("a", "b"), "cli:1", id, T0, Duration.ofMinutes(1)))
                    .isPresent();
            assertThat(daemon.locks().tryAcquire(Target.of("a", "b"), "daemon:2", id, T0, Duration.ofMinutes(1)))
                    .isEmpty();
        }
    }

    @Test
    void theCheckpointer_copiesTheWalIntoTheFile_offTheWritersPath() throws Exception {
        // SQLite's inline checkpoint only starts at Database.SQLITE_INLINE_CHECKPOINT_PAGES (about 40 MB):
        // a file that grows with 2.5 MB of events before that shows the checkpointer thread at work
        Path file = tmp.resolve("f.db");
        String payload = "{\"pad\":\"" + "x".repeat(8_000) + "\"}";
        try (FraisierStore store = TestStores.open("sqlite:" + file)) {
            long before = java.nio.file.Files.size(file);
            for (int i = 0; i < 300; i++) {
                store.webhooks()
                        .record(new io.fraisier.core.model.WebhookEvent(
                                0,
                                T0,
                                "github",
                                "push",
                                "d-" + i,
                                null,
                                null,
                                null,
                                null,
                                null,
                                payload,
                                true,
                                "ignored",
                                java.util.List.of()));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (java.nio.file.Files.size(file) < before + 2_000_000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(java.nio.file.Files.size(file))
                    .as("the database file after 2.4 MB of events, without closing the store")
                    .isGreaterThan(before + 2_000_000);
            assertThat(store.webhooks().recent(500)).hasSize(300);
        }
    }

    @Test
    void underContinuousWrites_theWalStartsOverInsteadOfGrowing() throws Exception {
        // a checkpoint that writers keep outrunning never lets the WAL restart: it would grow to several
        // times the data (each commit appends whole pages) until SQLite's 40 MB inline backstop
        Path file = tmp.resolve("f.db");
        String payload = "{\"pad\":\"" + "x".repeat(8_000) + "\"}";
        try (FraisierStore store = TestStores.open("sqlite:" + file)) {
            // about 1,000 events a second for 2 s (at least 1,000 events): a webhook burst, several checkpoints
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            int written = 0;
            while (System.nanoTime() < until || written < 1_000) {
                Thread.sleep(1);
                store.webhooks()
                        .record(new io.fraisier.core.model.WebhookEvent(
                                0,
                                T0,
                                "github",
                                "push",
                                "d-" + written,
                                null,
                                null,
                                null,
                                null,
                                null,
                                payload,
                                true,
                                "ignored",
                                java.util.List.of()));
                written++;
            }
            long wal = java.nio.file.Files.size(tmp.resolve("f.db-wal"));
            long db = java.nio.file.Files.size(file);
            assertThat(wal)
                    .as("WAL bytes after %d events of 8 KB (database file: %d bytes)", written, db)
                    .isLessThan(db);
        }
    }
}
