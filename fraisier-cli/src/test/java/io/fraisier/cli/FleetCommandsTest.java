package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.testkit.fake.ReferenceProviders;
import io.fraisier.testkit.fake.ScriptedProvider;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands on an environment of three hosts: the real engine and SQLite store, scripted hosts. */
class FleetCommandsTest {
    private static final Target PRODUCTION = Target.of("my_api", "production");
    private static final List<String> HOSTS = List.of("web1", "web2", "web3");

    @TempDir
    Path dir;

    ScriptedProviderFactory local;
    CliRun cli;

    @BeforeEach
    void setUp() throws IOException {
        DeploymentProviderFactory reference = ReferenceProviders.all().stream()
                .filter(f -> f.type().equals("local"))
                .findFirst()
                .orElseThrow();
        local = new ScriptedProviderFactory("local", reference.keys());
        Files.writeString(dir.resolve("fraises.yaml"), """
                fraises:
                  my_api:
                    type: api
                    environments:
                      production:
                        provider: local
                        branch: main
                        hosts:
                          - { host: web1, app_path: /srv/web1 }
                          - { host: web2, app_path: /srv/web2 }
                          - { host: web3, app_path: /srv/web3 }
                        health_check_url: http://{host}:8080/health
                        health_check_retries: 0
                        rollout:
                          canary: 1
                          batch_size: 2
                """);
        cli = new CliRun(dir).wiring(builder -> builder.provider(local));
        for (String h : HOSTS) {
            host(h).defaultTarget(Version.of("v1"));
        }
    }

    private ScriptedProvider host(String name) {
        return local.host(PRODUCTION, name);
    }

    @Test
    void dryRun_printsTheBatchesAndEachHostsSteps_andChangesNothing() {
        host("web2").running(Version.of("v1"));
        for (String h : HOSTS) {
            host(h).defaultTarget(Version.of("v2"));
        }

        CliRun.Result dry = cli.run("deploy", "my_api", "production", "--dry-run");

        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("1. batch 1/2: web1", "2. batch 2/2: web2, web3", "web2 (running v1): fetch v2");
        assertThat(HOSTS).allSatisfy(h -> assertThat(host(h).deployed()).isEmpty());
    }

    @Test
    void deploy_thenStatus_showsEveryHost_asTextAndAsJson() throws IOException {
        CliRun.Result deploy = cli.run("deploy", "my_api", "production");
        assertThat(deploy.exit()).as(deploy.toString()).isZero();

        CliRun.Result status = cli.run("status", "my_api", "production");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).containsPattern("web2 +v1 +healthy");
        assertThat(status.out()).contains("running:  v1");

        CliRun.Result json = cli.run("--output", "json", "status", "my_api", "production");
        JsonNode hosts = new ObjectMapper().readTree(json.out()).get("hosts");
        assertThat(hosts).hasSize(3);
        assertThat(hosts.get(2).get("host").asText()).isEqualTo("web3");
        assertThat(hosts.get(2).get("running_version").asText()).isEqualTo("v1");
        assertThat(hosts.get(2).at("/health/healthy").asBoolean()).isTrue();
    }

    @Test
    void deploy_unhealthyOnOneHost_exitsSix_andStatusShowsEveryHostBackOnThePreviousVersion() throws IOException {
        assertThat(cli.run("deploy", "my_api", "production").exit()).isZero();
        host("web2").unhealthyWhileRunning(Version.of("v2"));

        CliRun.Result deploy = cli.run("deploy", "my_api", "production", "--version", "v2");

        assertThat(deploy.exit()).as(deploy.toString()).isEqualTo(6);
        JsonNode status = new ObjectMapper()
                .readTree(cli.run("--output", "json", "status", "my_api", "production")
                        .out());
        assertThat(status.get("hosts"))
                .extracting(h -> h.get("running_version").asText())
                .containsExactly("v1", "v1", "v1");
        assertThat(status.at("/recent/0/status").asText()).isEqualTo("rolled_back");
    }
}
