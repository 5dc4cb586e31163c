package io.fraisier.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RefNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"main", "develop", "feature/x", "release-1.2", "v1.2.3", "a_b", "refs/heads/main", "x.y"})
    void plainBranchNames_areValid(String name) {
        assertThat(RefNames.problem(name)).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "main;touch /tmp/x|contains ';', a space",
                "--upload-pack=evil|contains '='",
                "-b|starts with '-' (git would read it as an option)",
                "/main|starts with '/'",
                "a..b|contains '..'",
                "a//b|contains '//' (an empty component)",
                "main/|ends with '/'",
                "main.|ends with '.'",
                "main.lock|has a component ending in '.lock' ('main.lock')",
                "x.lock/y|has a component ending in '.lock' ('x.lock')",
                ".hidden|has a component starting with '.' ('.hidden')",
                "a/.b|has a component starting with '.' ('.b')",
                "main@{1}|contains '@', '{', '}'",
                "a~1|contains '~'",
                "a^|contains '^'",
                "a:b|contains ':'",
                "a?b|contains '?'",
                "a*|contains '*'",
                "a[b|contains '['",
                "a\\b|contains '\\'",
                "$(id)|contains '$', '(', ')'",
                "a`id`|contains '`'",
            })
    void namesGitOrAShellCouldMisread_areRefused_sayingWhatIsWrong(String name, String problem) {
        assertThat(RefNames.problem(name)).isEqualTo(problem);
    }

    @org.junit.jupiter.api.Test
    void controlCharacters_emptyAndOverlongNames_areRefused() {
        assertThat(RefNames.problem("main\nx")).isEqualTo("contains a control character (U+000A)");
        assertThat(RefNames.problem("a\tb")).isEqualTo("contains a control character (U+0009)");
        assertThat(RefNames.problem("")).isEqualTo("is empty");
        assertThat(RefNames.problem("a".repeat(256))).isEqualTo("is 256 characters long (at most 255)");
        assertThat(RefNames.problem("a".repeat(255))).isNull();
        assertThat(RefNames.message("a b", "contains a space"))
                .startsWith("branch name 'a b' is not valid: it contains a space; expected letters, digits");
    }
}
