import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.api.Fraisier;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.testkit.fake.ConfigFixtures;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;

/**
 * Orchestration overhead per deployment (see ../README.md): N deployments through the real engine and
 * store with a provider whose steps and health probe take no time, so what is measured is everything
 * but the provider's own commands and health waits. Run by run.sh:
 * java -cp CP OrchestrationBenchmark.java N [POSTGRES_ADMIN_JDBC_URL]
 */
public class OrchestrationBenchmark {
    static final Target TARGET = Target.of("bench", "production");

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory("fraisier-orchestration");
        try {
            run("sqlite", "sqlite:" + dir.resolve("bench.db"), n);
        } finally {
            // the store file and its WAL: nothing of a run is left in the temporary folder
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        if (args.length > 1) {
            run("postgresql (" + args[1].replaceFirst("\\?.*", "") + ")", freshDatabase(args[1]), n);
        } else {
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
                String admin = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres";
                run("postgresql (embedded 18, loopback)", freshDatabase(admin), n);
            }
        }
    }

    static void run(String name, String url, int n) {
        ScriptedProviderFactory local = new ScriptedProviderFactory("local");
        local.target(TARGET).running(Version.of("v0"));
        try (Fraisier fraisier = Fraisier.builder()
                .config(ConfigFixtures.config(ConfigFixtures.environment(TARGET, "local")))
                .provider(local)
                .environment(Map.of("FRAISIER_DATABASE_URL", url))
                .build()) {
            int warmUp = Math.max(20, n / 5);
            for (int i = 0; i < warmUp; i++) {
                deploy(fraisier, "w" + i);
            }
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                deploy(fraisier, "v" + (i + 1));
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            System.out.printf(
                    "%-40s n=%d  median %6.2f ms  p95 %6.2f ms  max %6.2f ms  (after %d warm-up deployments)%n",
                    name, n, ms(nanos[n / 2]), ms(nanos[(int) Math.ceil(n * 0.95) - 1]), ms(nanos[n - 1]), warmUp);
        }
    }

    static void deploy(Fraisier fraisier, String version) {
        DeploymentOutcome outcome = fraisier.deploy(
                DeployRequest.of(TARGET).withVersion(Version.of(version)).by(Trigger.CLI, "bench"));
        if (!(outcome instanceof DeploymentOutcome.Succeeded)) {
            throw new IllegalStateException("deployment of " + version + " did not succeed: " + outcome.summary());
        }
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static String freshDatabase(String adminUrl) throws Exception {
        String name = "fraisier_orchestration_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(adminUrl);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return adminUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }
}
