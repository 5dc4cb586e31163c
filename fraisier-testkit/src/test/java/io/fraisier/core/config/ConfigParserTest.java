package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.internal.config.RefNames;
import io.fraisier.core.model.Target;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
    private static final Path FILE = Path.of("fraises.yaml");

    private static FraisierConfig parse(String yaml, Map<String, String> env) {
        return new ConfigParser(env, ReferenceProviders.all()).parse(yaml, FILE);
    }

    private static FraisierConfig parse(String yaml) {
        return parse(yaml, Map.of());
    }

    private static List<String> problems(String yaml, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml, env));
        assertThat(e).as("the config is rejected").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        return e.problems().stream().map(ConfigProblem::format).toList();
    }

    private static List<String> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    @Test
    void emptyDocument_andMissingOrEmptyFraises_areValid() {
        assertThat(parse("").fraises()).isEmpty();
        assertThat(parse("# only a comment\n").fraises()).isEmpty();
        assertThat(parse("fraises:\n").fraises()).isEmpty();
        FraisierConfig c = parse("webhook:\n  port: 9000\n");
        assertThat(c.fraises()).isEmpty();
        assertThat(c.webhook().port()).isEqualTo(9000);
        assertThat(c.metrics()).isEqualTo(MetricsConfig.defaults());
        assertThat(c.git().secrets()).isEmpty();
        assertThat(c.database()).isNull();
    }

    @Test
    void environment_withNothingSet_getsTheBuiltInDefaults() {
        EnvironmentConfig e = parse("""
                        fraises:
                          api:
                            environments:
                              prod: { provider: bare_metal, host: h1, app_path: /srv/api }
                        """).environment("api", "prod");

        assertThat(e.lockTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(e.autoRollback()).isTrue();
        assertThat(e.healthCheck())
                .isEqualTo(new HealthCheck(null, null, null, null, Duration.ofSeconds(5), 3, Duration.ofSeconds(2)));
        assertThat(e.settings().values())
                .containsEntry("port", 22L)
                .containsEntry("strategy", "in_place")
                .containsEntry("keep_releases", 5L)
                .containsEntry("use_sudo", false);
        assertThat(parse("fraises:\n  api:\n    environments: {}\n")
                        .fraises()
                        .get("api")
                        .type())
                .isEqualTo("api");
    }

    @Test
    void defaults_areInherited_onlyWhereTheEnvironmentDoesNotSetItsOwn_andOnlyByProvidersThatHaveTheKey() {
        FraisierConfig c = parse("""
                defaults:
                  provider: bare_metal
                  user: deploy
                  lock_timeout: 60
                  auto_rollback: false
                  health_check_timeout: 9
                  health_check:
                    retries: 7
                fraises:
                  api:
                    environments:
                      prod: { host: h1, app_path: /srv/api, user: root, timeout: 30 }
                      web: { provider: docker, image: nginx }
                """);

        EnvironmentConfig prod = c.environment("api", "prod");
        assertThat(prod.provider()).isEqualTo("bare_metal");
        assertThat(prod.settings().string("user")).contains("root");
        assertThat(prod.lockTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(prod.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(prod.autoRollback()).isFalse();
        assertThat(prod.healthCheck().timeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(prod.healthCheck().retries()).isEqualTo(7);
        EnvironmentConfig web = c.environment("api", "web");
        assertThat(web.settings().has("user")).as("docker has no user key").isFalse();
        assertThat(web.lockTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void defaults_mayProvideARequiredKey() {
        EnvironmentConfig e = parse("""
                        defaults: { provider: coolify, api_url: "https://c.example.com", api_token: t0k, application_uuid: u1 }
                        fraises: { api: { environments: { paas: {} } } }
                        """).environment("api", "paas");

        assertThat(e.settings().secret("api_token").orElseThrow().reveal()).isEqualTo("t0k");
    }

    @Test
    void nestedHealthBlock_isEquivalentToTheFlatKeys() {
        HealthCheck nested = parse("""
                        fraises:
                          api:
                            environments:
                              prod:
                                provider: local
                                app_path: /srv
                                health_check:
                                  url: https://localhost:8443/health
                                  timeout: 0.5
                                  retries: 0
                                  interval: 1
                                  command: ./check.sh
                                  tcp: "[::1]:8000"
                                  expect_status: 204
                        """).environment("api", "prod").healthCheck();

        assertThat(nested)
                .isEqualTo(new HealthCheck(
                        "https://localhost:8443/health",
                        "[::1]:8000",
                        "./check.sh",
                        204,
                        Duration.ofMillis(500),
                        0,
                        Duration.ofSeconds(1)));
    }

    @Test
    void variables_expandAnywhereInAValue_withDefaultsWhenUnsetOrEmpty() {
        FraisierConfig c = parse("""
                webhook: { port: "${PORT}", address: "${ADDR:-0.0.0.0}" }
                fraises:
                  api:
                    environments:
                      prod:
                        provider: bare_metal
                        host: ${HOST_PREFIX}-1.${DOMAIN:-example.com}
                        port: ${SSH_PORT:-2222}
                        app_path: /srv/${EMPTY:-api}
                        use_sudo: ${SUDO:-true}
                """, Map.of("PORT", "9090", "HOST_PREFIX", "app", "EMPTY", ""));

        assertThat(c.webhook().port()).isEqualTo(9090);
        assertThat(c.webhook().address()).isEqualTo("0.0.0.0");
        ProviderSettings s = c.environment("api", "prod").settings();
        assertThat(s.string("host")).contains("app-1.example.com");
        assertThat(s.number("port")).contains(2222L);
        assertThat(s.string("app_path")).contains("/srv/api");
        assertThat(s.flag("use_sudo", false)).isTrue();
    }

    @Test
    void variableReference_thatIsMalformed_isAProblemAtTheValue() {
        assertThat(problems("webhook: { address: \"${1BAD}\" }\n"))
                .singleElement()
                .asString()
                .startsWith("fraises.yaml:1:21: webhook.address: '${' must start ${NAME} or ${NAME:-default}");
    }

    @Test
    void secretValues_neverAppearInProblemsMessagesOrToString() {
        String secret = "hunter2-s3cr3t";
        Map<String, String> env = Map.of("TOKEN", secret);
        String yaml = """
                database:
                  password: ${TOKEN}
                  url: "mysql://u:${TOKEN}@db/x"
                git:
                  github: { webhook_secret: "${TOKEN}", webhook_secrets: ["${TOKEN}"] }
                fraises:
                  api:
                    environments:
                      paas:
                        provider: coolify
                        api_url: https://coolify.example.com
                        api_token: { nested: "${TOKEN}" }
                        application_uuid: u1
                      staging:
                        provider: docker
                        image: nginx
                        deploy_token: ${TOKEN}
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml, env));

        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage()).doesNotContain(secret).doesNotContain("hunter2");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.format()).doesNotContain(secret));

        FraisierConfig ok = parse("""
                database: { password: "${TOKEN}", url: "postgresql://u:${TOKEN}@db/x" }
                git: { gitea: { webhook_secrets: ["${TOKEN}", "other-${TOKEN}"] } }
                fraises:
                  api:
                    environments:
                      paas: { provider: coolify, api_url: "https://c.example.com", api_token: "${TOKEN}", application_uuid: u1 }
                      web: { provider: docker, image: nginx, env: { DB_PASSWORD: "${TOKEN}", OTHER: "${TOKEN}" } }
                """, env);
        assertThat(ok.toString()).doesNotContain(secret).contains("***");
        assertThat(ok.database().password().reveal()).isEqualTo(secret);
        assertThat(ok.git().secretsFor("gitea")).extracting(Secret::reveal).containsExactly(secret, "other-" + secret);
        assertThat(ok.environment("api", "web").settings().map("env")).containsEntry("DB_PASSWORD", secret);
    }

    @Test
    void topLevelEnvironmentKey_isPointedAtDefaults() {
        assertThat(problems("lock_timeout: 30\n"))
                .containsExactly("fraises.yaml:1:1: lock_timeout: key 'lock_timeout' belongs to an environment: put it"
                        + " under defaults: to apply it to every environment, or under"
                        + " fraises.<fraise>.environments.<name>");
    }

    @Test
    void environmentKeyAtFraiseLevel_isPointedAtTheEnvironments() {
        assertThat(problems("fraises:\n  api:\n    provider: local\n"))
                .singleElement()
                .asString()
                .startsWith("fraises.yaml:3:5: fraises.api.provider: key 'provider' belongs to an environment");
    }

    @Test
    void secondDocument_andAliases_areRefused() {
        assertThat(problems("fraises: {}\n---\nfraises: {}\n"))
                .singleElement()
                .asString()
                .startsWith("fraises.yaml:3:1: a second YAML document starts here");
        assertThat(problems("defaults: &d { timeout: 5 }\nwebhook: { address: *d }\n"))
                .singleElement()
                .asString()
                .startsWith("fraises.yaml:2:21: webhook.address: YAML aliases (*d) are not supported");
    }

    @Test
    void tabIndentation_isReportedWhereTheTabIs() {
        assertThat(problems("webhook:\n\tport: 1\n"))
                .containsExactly(
                        "fraises.yaml:2:1: webhook: malformed YAML: a tab is used for indentation; indent with spaces");
    }

    @Test
    void sqliteDatabase_takesAPath_andRefusesPostgresKeys() {
        DatabaseConfig db =
                parse("database: { type: sqlite, path: /tmp/f.db }\n").database();
        assertThat(db.isPostgres()).isFalse();
        assertThat(db.path()).isEqualTo(Path.of("/tmp/f.db"));

        assertThat(problems("database:\n  type: sqlite\n  host: db1\n"))
                .containsExactly("fraises.yaml:3:3: database.host: key 'host' applies to type postgresql, not sqlite");
    }

    @Test
    void postgresDatabase_hasDefaults_andTakesAUrlInsteadOfTheFields() {
        DatabaseConfig db = parse("database:\n  user: fraisier\n").database();
        assertThat(db)
                .isEqualTo(new DatabaseConfig(
                        "postgresql",
                        "localhost",
                        5432,
                        "fraisier",
                        "fraisier",
                        null,
                        null,
                        null,
                        10,
                        Duration.ofSeconds(3600),
                        null));
        assertThat(parse("database: { url: \"jdbc:postgresql://db:5432/f\" }\n")
                        .database()
                        .url()
                        .reveal())
                .isEqualTo("jdbc:postgresql://db:5432/f");
        assertThat(problems("database:\n  host: db\n  url: postgresql://db/f\n"))
                .containsExactly("fraises.yaml:3:3: database.url: set url or host/port/name, not both (url also has"
                        + " 'host')");
    }

    @Test
    void variablesInFlowMappings_asCONFIGmdWritesThem_parseAndExpand() {
        GitConfig git = parse("""
                        git:
                          github:    { webhook_secret: ${GITHUB_WEBHOOK_SECRET} }
                          gitea:     { webhook_secrets: [${GITEA_SECRET_NEW}, ${GITEA_SECRET_OLD:-old}] }
                        fraises:
                          api:
                            environments:
                              prod: { provider: local, app_path: ${APP_ROOT:-/srv}/api }
                        """, Map.of("GITHUB_WEBHOOK_SECRET", "s3cret", "GITEA_SECRET_NEW", "new"))
                .git();

        assertThat(git.secretsFor("github")).extracting(Secret::reveal).containsExactly("s3cret");
        assertThat(git.secretsFor("gitea")).extracting(Secret::reveal).containsExactly("new", "old");
        assertThat(problems("git:\n  github: { webhook_secret: ${UNSET_SECRET} }\n"))
                .singleElement()
                .asString()
                .startsWith("fraises.yaml:2:")
                .contains("git.github.webhook_secret")
                .contains("UNSET_SECRET");
    }

    @Test
    void gitBlock_readsTheDefaultHostAndEveryHostsSecrets() {
        GitConfig git = parse("""
                        git:
                          provider: gitea
                          gitea: { webhook_secrets: [new, old] }
                          github: { webhook_secret: one }
                        """).git();

        assertThat(git.defaultHost()).isEqualTo("gitea");
        assertThat(git.secretsFor("gitea")).extracting(Secret::reveal).containsExactly("new", "old");
        assertThat(git.secretsFor("github")).extracting(Secret::reveal).containsExactly("one");
        assertThat(git.secretsFor("gitlab")).isEmpty();
        assertThat(problems("git:\n  provider: githib\n"))
                .singleElement()
                .asString()
                .endsWith("(did you mean 'github'?)");
    }

    @Test
    void metricsEnabledFalseInTheEnvironment_overridesTheFile() {
        assertThat(parse("metrics: { enabled: true, port: 9100, probe_interval: 15 }\n", Map.of())
                        .metrics())
                .isEqualTo(new MetricsConfig(true, "localhost", 9100, Duration.ofSeconds(15)));
        assertThat(parse("metrics: { enabled: true }\n", Map.of("FRAISIER_METRICS_ENABLED", "false"))
                        .metrics()
                        .enabled())
                .isFalse();
        // as the exporter reads it (MetricsSettings), so that what is counted and what is exported agree
        assertThat(parse("metrics: { enabled: false }\n", Map.of("FRAISIER_METRICS_ENABLED", "true"))
                        .metrics()
                        .enabled())
                .isTrue();
    }

    @Test
    void branchMapping_readsOneTargetOrAList() {
        FraisierConfig c = parse("""
                branch_mapping:
                  main: { fraise: api, environment: prod }
                  develop: [{ fraise: api, environment: staging }, { fraise: api, environment: prod }]
                fraises:
                  api:
                    environments:
                      prod: { provider: local, app_path: /a }
                      staging: { provider: local, app_path: /b }
                """);

        assertThat(c.targetsForBranch("main")).containsExactly(Target.of("api", "prod"));
        assertThat(c.targetsForBranch("develop"))
                .containsExactly(Target.of("api", "staging"), Target.of("api", "prod"));
        assertThat(c.targetsForBranch("feature")).isEmpty();
    }

    @Test
    void branchesAndBranchMappingKeys_thatAreNotPlainGitBranchNames_areProblemsAtConfigTime() {
        List<String> problems = problems("""
                branch_mapping:
                  "main;touch /tmp/x": { fraise: api, environment: prod }
                  --upload-pack=x: { fraise: api, environment: prod }
                  "a b": { fraise: api, environment: prod }
                defaults:
                  branch: main@{1}
                fraises:
                  api:
                    environments:
                      prod: { provider: local, app_path: /a, branch: "main;touch /tmp/x" }
                      staging: { provider: local, app_path: /b, branch: "${BRANCH}" }
                """, Map.of("BRANCH", "-x"));

        assertThat(problems)
                .containsExactly(
                        "fraises.yaml:2:3: branch_mapping.main;touch /tmp/x: branch name 'main;touch /tmp/x' is not"
                                + " valid: it contains ';', a space; expected "
                                + RefNames.GRAMMAR,
                        "fraises.yaml:3:3: branch_mapping.--upload-pack=x: branch name '--upload-pack=x' is not valid:"
                                + " it contains '='; expected " + RefNames.GRAMMAR,
                        "fraises.yaml:4:3: branch_mapping.a b: branch name 'a b' is not valid: it contains a space;"
                                + " expected " + RefNames.GRAMMAR,
                        "fraises.yaml:6:11: defaults.branch: branch name 'main@{1}' is not valid: it contains '@', '{',"
                                + " '}'; expected " + RefNames.GRAMMAR,
                        "fraises.yaml:10:54: fraises.api.environments.prod.branch: branch name 'main;touch /tmp/x' is"
                                + " not valid: it contains ';', a space; expected "
                                + RefNames.GRAMMAR,
                        "fraises.yaml:11:57: fraises.api.environments.staging.branch: branch name '-x' is not valid:"
                                + " it starts with '-' (git would read it as an option); expected "
                                + RefNames.GRAMMAR);
    }

    @Test
    void systemdServiceAndRestartCommandTogether_areAProblem_butAnInheritedOneIsReplaced() {
        assertThat(problems("""
                        fraises:
                          api:
                            environments:
                              prod: { provider: local, app_path: /a, systemd_service: a.service, restart_command: ./r }
                        """))
                .singleElement()
                .asString()
                .contains("set systemd_service or restart_command, not both");
        ProviderSettings s = parse("""
                        defaults: { systemd_service: a.service }
                        fraises: { api: { environments: { prod: { provider: local, app_path: /a, restart_command: ./r } } } }
                        """).environment("api", "prod").settings();
        assertThat(s.has("systemd_service")).isFalse();
        assertThat(s.string("restart_command")).contains("./r");
    }

    @Test
    void composeEnvironment_acceptsSshKeys_andGetsPort22OnlyWithAHost() {
        FraisierConfig c = parse("""
                fraises:
                  api:
                    environments:
                      remote: { provider: docker_compose, compose_file: /c.yml, service: api, host: h, user: u }
                      here: { provider: docker_compose, compose_file: /c.yml, service: api }
                """);

        assertThat(c.environment("api", "remote").settings().number("port")).contains(22L);
        assertThat(c.environment("api", "here").settings().has("port")).isFalse();
    }

    @Test
    void dockerEnvAndLabels_acceptAMappingOrAListOfNameEqualsValue() {
        ProviderSettings s = parse("""
                        fraises:
                          api:
                            environments:
                              web:
                                provider: docker
                                image: nginx
                                env: [APP_ENV=staging, "EMPTY=", "URL=a=b"]
                                labels: { team: core }
                        """).environment("api", "web").settings();

        assertThat(s.map("env"))
                .containsExactly(Map.entry("APP_ENV", "staging"), Map.entry("EMPTY", ""), Map.entry("URL", "a=b"));
        assertThat(s.map("labels")).containsExactly(Map.entry("team", "core"));
        assertThat(problems(
                        "fraises: { api: { environments: { w: { provider: docker, image: x, env: [NOEQUALS] } } } }\n"))
                .containsExactly("fraises.yaml:1:74: fraises.api.environments.w.env[0]: expected NAME=value");
    }
}
