package io.fraisier.providers.baremetal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.providers.host.HostProviderContract;
import io.fraisier.providers.host.HostSteps;
import io.fraisier.testkit.git.GitOrigin;
import io.fraisier.testkit.git.TinyService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The provider contract ({@code in_place}) against a real OpenSSH server, as the user fraisier-test. */
class BareMetalOpenSshContractIT extends HostProviderContract {
    private static OpenSshd sshd;
    private static int targets;

    private GitOrigin origin;
    private TinyService service;
    private Path appPath;
    private int published;

    @BeforeAll
    static void startSshd() throws IOException {
        assumeTrue(OpenSshd.unavailable().isEmpty(), OpenSshd.unavailable().orElse(""));
        sshd = OpenSshd.start();
    }

    @AfterAll
    static void stopSshd() throws IOException {
        if (sshd != null) {
            sshd.close();
        }
    }

    @BeforeEach
    void freshTarget() throws IOException {
        Path dir = sshd.newFolder("target-" + ++targets);
        origin = GitOrigin.withBare(dir.resolve("git"));
        service = new TinyService(OpenSshd.ownedByTestUser(dir.resolve("run")));
        appPath = OpenSshd.ownedByTestUser(dir.resolve("srv")).resolve("demo app");
    }

    @AfterEach
    void stopService() {
        if (service != null) {
            service.stop();
        }
    }

    static Map<String, Object> sshSettings(OpenSshd sshd) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", (long) sshd.port());
        s.put("user", OpenSshd.USER);
        s.put("key_path", sshd.clientKey().toString());
        s.put("known_hosts", sshd.knownHosts().toString());
        return s;
    }

    @Override
    protected DeploymentProvider newProvider() {
        return provider(Duration.ofSeconds(60), Map.of());
    }

    @Override
    protected DeploymentProvider provider(Duration timeout, Map<String, Object> overrides) {
        Map<String, Object> s = sshSettings(sshd);
        s.put("app_path", appPath.toString());
        s.put("git_repo", origin.url());
        s.put("install_command", service.installCommand());
        s.put("restart_command", service.restartCommand());
        s.put("log_command", HostSteps.logCommand(service.runDir()));
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
