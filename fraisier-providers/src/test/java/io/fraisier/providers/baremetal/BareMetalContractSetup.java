package io.fraisier.providers.baremetal;

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
 * The provider contract over SSH to an in-process server that runs the commands on this machine: a
 * bare git repository as git_repo, a real HTTP service restarted by restart_command. One subclass per
 * strategy.
 */
abstract class BareMetalContractSetup extends HostProviderContract {
    @TempDir
    Path root;

    SshTestServer server;
    GitOrigin origin;
    TinyService service;
    Path appPath;
    Path key;
    Path knownHosts;
    private int published;

    abstract String strategy();

    @BeforeEach
    void freshTarget() throws IOException {
        server = new SshTestServer(Files.createDirectories(root.resolve("bin"))).start();
        origin = GitOrigin.withBare(Files.createDirectories(root.resolve("git")));
        service = new TinyService(Files.createDirectories(root.resolve("run")));
        appPath = root.resolve("srv").resolve("demo app");
        key = server.writeClientKey(root.resolve("id_test"), null);
        knownHosts = Files.writeString(root.resolve("known_hosts"), server.knownHostsLine() + "\n");
    }

    @AfterEach
    void stopAll() throws IOException {
        closeProviders(); // while the SSH server still runs their clean-up commands
        if (service != null) {
            service.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", (long) server.port());
        s.put("user", "deploy");
        s.put("key_path", key.toString());
        s.put("known_hosts", knownHosts.toString());
        s.put("app_path", appPath.toString());
        s.put("git_repo", origin.url());
        s.put("strategy", strategy());
        s.put("keep_releases", 3L);
        s.put("install_command", service.installCommand());
        s.put("restart_command", service.restartCommand());
        s.put("log_command", HostSteps.logCommand(service.runDir()));
        return s;
    }

    @Override
    protected DeploymentProvider newProvider() {
        return provider(Duration.ofSeconds(60), Map.of());
    }

    @Override
    protected DeploymentProvider provider(Duration timeout, Map<String, Object> overrides) {
        Map<String, Object> s = settings();
        s.putAll(overrides);
        return BareMetalTargets.provider(BareMetalTargets.environment(timeout, healthCheck(), s), Map.of());
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
        return BareMetalTargets.httpCheck(service.healthUrl());
    }
}
