package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hooks:}: paths resolved against fraises.yaml's directory, checked, inherited hook by hook. */
class HooksConfigTest {
    @TempDir
    Path dir;

    private Path pre;
    private Path post;

    @BeforeEach
    void scripts() throws IOException {
        Files.createDirectories(dir.resolve("scripts"));
        pre = executable("scripts/pre.sh");
        post = executable("scripts/post.sh");
    }

    private Path executable(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private FraisierConfig parse(String yaml) throws IOException {
        Path file = dir.resolve("fraises.yaml");
        Files.writeString(file, yaml);
        return new ConfigParser(Map.of("HOOKS", dir.resolve("scripts").toString()), ReferenceProviders.all())
                .parse(file);
    }

    private List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("the config is rejected").isNotNull();
        return e.problems().stream().map(ConfigProblem::format).toList();
    }

    @Test
    void noHooks_isNone() throws IOException {
        EnvironmentConfig e = parse("""
                fraises:
                  api:
                    environments:
                      prod: { provider: local, app_path: /srv/api }
                """).environment("api", "prod");

        assertThat(e.hooks()).isEqualTo(Hooks.NONE);
        assertThat(e.hooks().timeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void relativePaths_resolveAgainstTheDirectoryOfFraisesYaml_andEnvironmentsOverrideDefaultsHookByHook()
            throws IOException {
        executable("scripts/page.sh");
        FraisierConfig c = parse("""
                defaults:
                  hooks:
                    pre_deploy: ./scripts/pre.sh
                    on_failure: scripts/page.sh
                    timeout: 5
                fraises:
                  api:
                    environments:
                      prod:
                        provider: local
                        app_path: /srv/api
                        hooks:
                          post_deploy: ${HOOKS}/post.sh
                          timeout: 90
                      staging: { provider: local, app_path: /srv/api-staging }
                      dev: { provider: local, app_path: /srv/api-dev, hooks: { pre_deploy: null } }
                """);

        Hooks prod = c.environment("api", "prod").hooks();
        assertThat(prod.preDeploy()).isEqualTo(pre.toAbsolutePath());
        assertThat(prod.postDeploy()).isEqualTo(post.toAbsolutePath());
        assertThat(prod.onFailure()).isEqualTo(dir.resolve("scripts/page.sh").toAbsolutePath());
        assertThat(prod.timeout()).isEqualTo(Duration.ofSeconds(90));
        Hooks staging = c.environment("api", "staging").hooks();
        assertThat(staging.postDeploy()).isNull();
        assertThat(staging.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(staging.byKey()).containsOnlyKeys("pre_deploy", "on_failure");
        // null turns an inherited hook off
        assertThat(c.environment("api", "dev").hooks().byKey()).containsOnlyKeys("on_failure");
    }

    @Test
    void aMissingScript_isAProblemNamingTheKeyAndTheResolvedPath() {
        List<String> problems = problems("""
                defaults:
                  hooks:
                    pre_deploy: ./scripts/nope.sh
                fraises:
                  api:
                    environments:
                      prod:
                        provider: local
                        app_path: /srv/api
                        hooks: { on_failure: "./scripts/page.sh --loud" }
                """);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0))
                .contains(
                        "fraises.yaml:3:",
                        "defaults.hooks.pre_deploy",
                        dir.resolve("scripts/nope.sh").toString(),
                        "does not exist")
                .contains("relative paths are resolved against " + dir);
        assertThat(problems.get(1)).contains("fraises.api.environments.prod.hooks.on_failure", "without arguments");
    }

    @Test
    void aScriptThatIsNotExecutableOrIsADirectory_isAProblem() throws IOException {
        Path plain = dir.resolve("scripts/plain.sh");
        Files.writeString(plain, "echo\n");

        List<String> problems = problems("""
                fraises:
                  api:
                    environments:
                      prod:
                        provider: local
                        app_path: /srv/api
                        hooks:
                          pre_deploy: scripts/plain.sh
                          post_deploy: scripts
                """);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("hooks.pre_deploy", "is not executable", "chmod +x " + plain);
        assertThat(problems.get(1)).contains("hooks.post_deploy", "is not a file");
    }

    @Test
    void unknownHookKeys_andBadTimeouts_areProblems_andHooksAtTheTopLevelBelongToAnEnvironment() {
        List<String> problems = problems("""
                hooks:
                  pre_deploy: scripts/pre.sh
                defaults:
                  hooks:
                    pre_deploi: scripts/pre.sh
                    timeout: -1
                """);

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("'hooks' belongs to an environment", "defaults:");
        assertThat(problems.get(1)).contains("defaults.hooks.pre_deploi", "pre_deploy");
        assertThat(problems.get(2)).contains("defaults.hooks.timeout", "positive number of seconds");
    }
}
