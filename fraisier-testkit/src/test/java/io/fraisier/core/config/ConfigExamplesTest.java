package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code examples/}: the good ones parse, and each broken one yields exactly the
 * problems listed in its own {@code # expect:} comment lines (line, column, key path and message).
 */
class ConfigExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String EXPECT = "# expect: ";

    private final ConfigParser parser = new ConfigParser(Map.of(), ReferenceProviders.all());

    @Test
    void fullExample_parses_withEveryProviderAndSection() {
        FraisierConfig config = parser.parse(EXAMPLES.resolve("fraises.yaml"));

        assertThat(config.environments())
                .extracting(EnvironmentConfig::provider)
                .containsExactlyInAnyOrderElementsOf(
                        List.of("bare_metal", "docker", "docker_compose", "coolify", "local", "bare_metal"));
        assertThat(config.database()).isNotNull();
        assertThat(config.git().secretsFor("gitea")).hasSize(2);
        assertThat(config.targetsForBranch("develop")).hasSize(2);
    }

    @Test
    void minimalExample_parses_intoOneLocalEnvironmentOnTheEmbeddedStore() {
        FraisierConfig config = parser.parse(EXAMPLES.resolve("minimal.yaml"));

        assertThat(config.database()).isNull();
        assertThat(config.environments()).singleElement().satisfies(e -> {
            assertThat(e.target().toString()).isEqualTo("hello/dev");
            assertThat(e.provider()).isEqualTo("local");
            assertThat(e.settings().requireString("app_path")).isEqualTo("/srv/hello");
        });
    }

    static Stream<Path> brokenExamples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("broken"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void everyErrorClass_hasABrokenExample() throws IOException {
        assertThat(brokenExamples().map(p -> p.getFileName().toString()))
                .contains(
                        "malformed.yaml",
                        "not-a-mapping.yaml",
                        "unknown-key.yaml",
                        "wrong-type.yaml",
                        "negative-timeout.yaml",
                        "out-of-range.yaml",
                        "unknown-provider.yaml",
                        "foreign-key.yaml",
                        "local-with-ssh-keys.yaml",
                        "missing-required.yaml",
                        "unknown-type.yaml",
                        "bad-branch-mapping.yaml",
                        "bad-branch-name.yaml",
                        "bad-name.yaml",
                        "unset-var.yaml",
                        "bad-health-check.yaml",
                        "duplicate-key.yaml",
                        "bad-database.yaml",
                        "bad-secret-value.yaml",
                        "bad-freeze-window.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenExamples")
    void brokenExample_reportsExactlyItsExpectedProblems(Path file) throws IOException {
        List<String> expected = Files.readAllLines(file).stream()
                .filter(l -> l.startsWith(EXPECT))
                .map(l -> l.substring(EXPECT.length()))
                .toList();
        assertThat(expected).as("%s lists its expected problems", file).isNotEmpty();

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parser.parse(file));

        assertThat(e).as("%s is rejected", file).isNotNull();
        String prefix = file + ":";
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file));
        assertThat(e.problems().stream().map(p -> p.format().substring(prefix.length())))
                .containsExactlyElementsOf(expected);
        assertThat(e.getMessage()).startsWith(file + ": " + expected.size() + " problem");
    }
}
