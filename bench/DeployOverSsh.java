import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory.ProviderContext;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.baremetal.BareMetalDeploymentProviderFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Benchmark half "Fraisier": ROUNDS deployments alternating between two commits, each with a new
 * bare_metal provider (one SSH connection per deployment, as the engine does). Prints one line per
 * deployment: {@code deploy-ms N}. Usage: java -cp CP DeployOverSsh.java PORT KEY KNOWN_HOSTS APP_PATH REPO
 * RESTART_CMD ROUNDS SHA1 SHA2
 */
public class DeployOverSsh {
    public static void main(String[] a) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", Long.parseLong(a[0]));
        s.put("user", "fraisier-test");
        s.put("key_path", a[1]);
        s.put("known_hosts", a[2]);
        s.put("app_path", a[3]);
        s.put("git_repo", a[4]);
        s.put("install_command", "true");
        s.put("restart_command", a[5]);
        Target target = Target.of("bench", "ssh");
        HealthCheck none = new HealthCheck(null, null, null, null, Duration.ofSeconds(5), 0, Duration.ofSeconds(1));
        EnvironmentConfig env = new EnvironmentConfig(target, "bare_metal", "main", Duration.ofSeconds(60),
                Duration.ofSeconds(120), true, none, new ProviderSettings("bench", s));
        int rounds = Integer.parseInt(a[6]);
        var factory = new BareMetalDeploymentProviderFactory();
        for (int i = 0; i < rounds; i++) {
            Version v = Version.of(a[7 + (i % 2)]);
            long start = System.nanoTime();
            try (DeploymentProvider p = factory.create(new ProviderContext(target, env, env.settings(), Clock.systemUTC(), Map.of()))) {
                p.deploy(v, StepReporter.NONE);
            }
            System.out.println("deploy-ms " + (System.nanoTime() - start) / 1_000_000);
        }
    }
}
