package io.fraisier.providers.local;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.providers.host.HostProviderContract;
import io.fraisier.providers.host.HostSteps;
import io.fraisier.testkit.git.GitOrigin;
import io.fraisier.testkit.git.TinyService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract against real git repositories and a real HTTP service on this host; one subclass
 * per strategy.
 */
abstract class LocalProviderContractSetup extends HostProviderContract {
    @TempDir
    Path root;

    GitOrigin origin;
    TinyService service;
    Path appPath;
    private int published;

    abstract String strategy();

    @BeforeEach
    void freshTarget() throws IOException {
        assumeTrue(GitOrigin.available("git"), "git is not installed: apt-get install -y git");
        assumeTrue(GitOrigin.available("python3"), "python3 is not installed: apt-get install -y python3");
        origin = GitOrigin.create(Files.createDirectories(root.resolve("origin")));
        service = new TinyService(Files.createDirectories(root.resolve("run")));
        appPath = root.resolve("srv").resolve("demo");
    }

    @AfterEach
    void stopService() {
        if (service != null) {
            service.stop();
        }
    }

    @Override
    protected DeploymentProvider newProvider() {
        return provider(Duration.ofSeconds(60), Map.of());
    }

    @Override
    protected DeploymentProvider provider(Duration timeout, Map<String, Object> overrides) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("app_path", appPath.toString());
        settings.put("git_repo", origin.url());
        settings.put("strategy", strategy());
        settings.put("keep_releases", 3L);
        settings.put("install_command", service.installCommand());
        settings.put("restart_command", service.restartCommand());
        settings.put("log_command", HostSteps.logCommand(service.runDir()));
        settings.putAll(overrides);
        return LocalTargets.provider(LocalTargets.environment("main", timeout, healthCheck(), settings));
    }

    @Override
    protected String gitRepo() {
        return origin.url();
    }

    @Override
    protected Path serviceRunDir() {
        return service.runDir();
    }

    @Override
    protected Version publishNewVersion() {
        published++;
        return Version.of(origin.commit("version " + published, TinyService.files(200, "v" + published)));
    }

    @Override
    protected Version publishBrokenVersion() {
        published++;
        return Version.of(origin.commit("broken " + published, TinyService.files(503, "broken" + published)));
    }

    @Override
    protected Version unknownVersion() {
        return Version.of("0123456789abcdef0123456789abcdef01234567");
    }

    @Override
    protected HealthCheck healthCheck() {
        return LocalTargets.httpCheck(service.healthUrl());
    }
}
