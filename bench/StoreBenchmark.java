import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.persistence.JooqStoreFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Measures the store's hot queries on a large history (see README.md). Run by bench/run.sh:
 * java -cp CP bench/StoreBenchmark.java ROWS POSTGRES_ADMIN_JDBC_URL SQLITE_FILE
 */
public class StoreBenchmark {
    static final String[] STATUSES = {"success", "success", "success", "success", "success", "success", "success",
        "failed", "rolled_back", "skipped"};

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        String pgAdmin = args[1];
        String sqliteFile = args[2];
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        String pgUrl = freshPostgres(pgAdmin, "fraisier_bench");
        report("postgresql", pgUrl, rows, now, true);
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(sqliteFile));
        report("sqlite", "sqlite:" + sqliteFile, rows, now, false);
    }

    static void report(String name, String url, int rows, Instant now, boolean postgres) throws Exception {
        try (FraisierStore store = new JooqStoreFactory().open(null, Map.of("FRAISIER_DATABASE_URL", url))) {
            long t0 = System.nanoTime();
            load(url, rows, now, postgres);
            System.out.printf("%n== %s: %,d deployments loaded in %.1f s (%s)%n", name, rows,
                    (System.nanoTime() - t0) / 1e9, store.description());
            measure("history limit 20, no filter", () -> store.deployments().history(HistoryQuery.latest(20)));
            measure("history limit 20, fraise", () -> store.deployments().history(
                    new HistoryQuery("svc7", null, null, null, 20)));
            measure("history limit 20, fraise+environment", () -> store.deployments().history(
                    new HistoryQuery("svc7", "production", null, null, 20)));
            measure("history limit 20, status failed", () -> store.deployments().history(
                    new HistoryQuery(null, null, DeploymentStatus.FAILED, null, 20)));
            measure("history limit 20, fraise+status failed", () -> store.deployments().history(
                    new HistoryQuery("svc7", null, DeploymentStatus.FAILED, null, 20)));
            measure("stats 7 days, all fraises", () -> store.deployments().stats(now.minus(Duration.ofDays(7)), null));
            measure("stats 7 days, one fraise", () -> store.deployments().stats(now.minus(Duration.ofDays(7)), "svc7"));
            measure("metric snapshot", () -> store.counters().snapshot());
            locks(store, now);
        }
    }

    static void locks(FraisierStore store, Instant now) {
        Target target = Target.of("bench", "lock");
        int n = 2000;
        long[] took = new long[n];
        for (int i = -200; i < n; i++) {
            long t = System.nanoTime();
            LockLease lease = store.locks().tryAcquire(target, "bench:1", 1, now, Duration.ofMinutes(1)).orElseThrow();
            if (!store.locks().release(lease)) {
                throw new IllegalStateException("release failed");
            }
            if (i >= 0) {
                took[i] = System.nanoTime() - t;
            }
        }
        print("lock acquire+release round trip", took);
    }

    static void measure(String what, Supplier<?> query) {
        for (int i = 0; i < 50; i++) {
            query.get();
        }
        int n = 200;
        long[] took = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            query.get();
            took[i] = System.nanoTime() - t;
        }
        print(what, took);
    }

    static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("  %-40s p50 %8.2f ms   p95 %8.2f ms   p99 %8.2f ms   (n=%d)%n", what,
                s[s.length / 2] / 1e6, s[(int) (s.length * 0.95) - 1] / 1e6, s[(int) Math.ceil(s.length * 0.99) - 1] / 1e6,
                s.length);
    }

    /** Bulk rows straight through JDBC: a year of history over 20 fraises x 3 environments. */
    static void load(String url, int rows, Instant now, boolean postgres) throws Exception {
        String jdbc = postgres ? url + "&reWriteBatchedInserts=true" : "jdbc:" + url;
        Random random = new Random(42);
        String[] envs = {"production", "staging", "preview"};
        long spanMillis = Duration.ofDays(365).toMillis();
        try (Connection c = DriverManager.getConnection(jdbc)) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO tb_deployment (fraise, environment, provider,"
                    + " status, \"trigger\", triggered_by, old_version, new_version, force, fencing_token, created_at,"
                    + " started_at, completed_at, duration_seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < rows; i++) {
                    Instant created = now.minusMillis(spanMillis - spanMillis * i / rows);
                    double seconds = 5 + random.nextInt(600);
                    p.setString(1, "svc" + random.nextInt(20));
                    p.setString(2, envs[random.nextInt(3)]);
                    p.setString(3, "bare_metal");
                    p.setString(4, STATUSES[random.nextInt(STATUSES.length)]);
                    p.setString(5, "webhook");
                    p.setString(6, "bench");
                    p.setString(7, "v" + i);
                    p.setString(8, "v" + (i + 1));
                    p.setBoolean(9, false);
                    p.setLong(10, i);
                    setTime(p, 11, created, postgres);
                    setTime(p, 12, created, postgres);
                    setTime(p, 13, created.plusMillis((long) (seconds * 1000)), postgres);
                    p.setDouble(14, seconds);
                    p.addBatch();
                    if (i % 10_000 == 9_999) {
                        p.executeBatch();
                        c.commit();
                    }
                }
                p.executeBatch();
                c.commit();
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute(postgres ? "VACUUM ANALYZE" : "ANALYZE");
            }
        }
    }

    static void setTime(PreparedStatement p, int i, Instant t, boolean postgres) throws Exception {
        if (postgres) {
            p.setObject(i, t.atOffset(java.time.ZoneOffset.UTC));
        } else {
            p.setLong(i, t.toEpochMilli());
        }
    }

    static String freshPostgres(String adminUrl, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return adminUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }
}
