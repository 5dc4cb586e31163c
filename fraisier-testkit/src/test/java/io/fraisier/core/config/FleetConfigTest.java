package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetConfigTest {
    private static FraisierConfig parse(String yaml) {
        return new ConfigParser(Map.of(), ReferenceProviders.all()).parse(yaml, Path.of("fraises.yaml"));
    }

    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("the config is rejected").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        return e.problems().stream().map(ConfigProblem::format).toList();
    }

    @Test
    void hosts_readTextAndMappings_andTheRolloutBlock() {
        EnvironmentConfig e = parse("""
                fraises:
                  api:
                    environments:
                      production:
                        provider: bare_metal
                        app_path: /srv/api
                        user: ops
                        hosts:
                          - web1.example.com
                          - deploy@web2.example.com:2222
                          - { host: web3.example.com, port: 22, user: deploy }
                        health_check_url: http://{host}:8080/health
                        rollout:
                          canary: 1
                          batch_size: 50%
                          pause: 10
                          max_unhealthy: 1
                """).environment("api", "production");

        assertThat(e.isFleet()).isTrue();
        assertThat(e.fleetHosts())
                .extracting(FleetHost::name)
                .containsExactly("web1.example.com", "deploy@web2.example.com:2222", "web3.example.com:22");
        assertThat(e.fleetHosts().get(1).keys())
                .containsEntry("host", "web2.example.com")
                .containsEntry("user", "deploy")
                .containsEntry("port", 2222L);
        assertThat(e.fleetHosts().get(2).keys()).containsEntry("port", 22L).containsEntry("user", "deploy");
        assertThat(e.rollout()).isEqualTo(new Rollout(1, Rollout.BatchSize.percentOf(50), Duration.ofSeconds(10), 1));
        assertThat(e.healthCheck().url()).isEqualTo("http://{host}:8080/health");
    }

    @Test
    void host_alone_isAFleetOfOne_withTheDefaultRollout() {
        EnvironmentConfig e = parse("""
                fraises:
                  api:
                    environments:
                      prod: { provider: bare_metal, host: h1, app_path: /srv/api }
                """).environment("api", "prod");

        assertThat(e.isFleet()).isFalse();
        assertThat(e.rollout()).isEqualTo(Rollout.DEFAULT);
    }

    @Test
    void localHosts_areMappingsOfTheLocalKeys() {
        EnvironmentConfig e = parse("""
                fraises:
                  api:
                    environments:
                      prod:
                        provider: local
                        hosts:
                          - { host: a, app_path: /srv/a }
                          - { host: b, app_path: /srv/b }
                """).environment("api", "prod");

        assertThat(e.fleetHosts()).extracting(FleetHost::name).containsExactly("a", "b");
        assertThat(e.fleetHosts().get(1).keys()).containsEntry("app_path", "/srv/b");
    }

    @Test
    void badHostsAndRollout_areEachReportedWithTheirKeyPath() {
        List<String> problems = problems("""
                fraises:
                  api:
                    environments:
                      prod:
                        provider: bare_metal
                        app_path: /srv/api
                        hosts:
                          - "web1:99999"
                          - { port: 22 }
                          - { host: web3, colour: red }
                          - web4
                          - web4
                        rollout:
                          batch_size: 150%
                          canary: -1
                          pace: 3
                """);

        assertThat(String.join("\n", problems))
                .contains("fraises.api.environments.prod.hosts[0]")
                .contains("not from 1 to 65535")
                .contains("hosts[1]: missing key 'host'")
                .contains("hosts[2].colour")
                .contains("host web4 is listed twice")
                .contains("rollout.batch_size: must be a number of hosts (1 or more) or a percent from 1% to 100%")
                .contains("rollout.canary")
                .contains("rollout.pace");
    }

    @Test
    void hostAndHosts_together_areRefused() {
        assertThat(String.join("\n", problems("""
                        fraises:
                          api:
                            environments:
                              prod: { provider: bare_metal, host: h1, hosts: [h2], app_path: /srv/api }
                        """))).contains("set host or hosts, not both");
    }

    @Test
    void bareMetal_withNeitherHostNorHosts_stillNeedsHost() {
        assertThat(String.join("\n", problems("""
                        fraises:
                          api:
                            environments:
                              prod: { provider: bare_metal, app_path: /srv/api }
                        """))).contains("missing required key 'host'");
    }

    @Test
    void dockerHosts_areMappingsWithADockerHostEach() {
        EnvironmentConfig e = parse("""
                fraises:
                  api:
                    environments:
                      prod:
                        provider: docker
                        image: registry.example.com/api
                        hosts:
                          - { host: node1, docker_host: "tcp://node1:2376" }
                          - { host: node2, docker_host: "tcp://node2:2376" }
                """).environment("api", "prod");

        assertThat(e.fleetHosts()).extracting(FleetHost::name).containsExactly("node1", "node2");
        assertThat(e.fleetHosts().get(1).keys()).containsEntry("docker_host", "tcp://node2:2376");
    }
}
