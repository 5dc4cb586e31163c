package io.fraisier.providers.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import org.junit.jupiter.api.Test;

class GitNamesTest {
    @Test
    void refNames_acceptPlainBranchAndTagNames() {
        assertThat(GitNames.isRefName("main")).isTrue();
        assertThat(GitNames.isRefName("release/2.0")).isTrue();
        assertThat(GitNames.isRefName("v1.2.3-rc_1")).isTrue();
    }

    @Test
    void refNames_refuseOptionsRangesShellAndRevisionSyntax() {
        for (String bad : new String[] {
            "-main",
            "--upload-pack=x",
            "/main",
            "a..b",
            "main/",
            "x.lock",
            "$(id)",
            "a b",
            "main:file",
            "HEAD@{1}",
            "a~1",
            "a^",
            "",
            "`id`"
        }) {
            assertThat(GitNames.isRefName(bad)).as(bad).isFalse();
        }
    }

    @Test
    void shas_areRecognised() {
        assertThat(GitNames.isFullSha("0123456789abcdef0123456789abcdef01234567"))
                .isTrue();
        assertThat(GitNames.isFullSha("0123456789ABCDEF0123456789abcdef01234567"))
                .isFalse();
        assertThat(GitNames.isShaPrefix("abcdef1")).isTrue();
        assertThat(GitNames.isShaPrefix("abcdef")).isFalse();
        assertThat(GitNames.isShaPrefix("abcdefg")).isFalse();
    }

    @Test
    void requireBranch_namesTheKey() {
        assertThatThrownBy(() -> GitNames.requireBranch("fraises.a.environments.b", "--x"))
                .isInstanceOfSatisfying(
                        FraisierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                .hasMessageStartingWith("fraises.a.environments.b.branch: '--x'");
    }

    @Test
    void requireRepository_refusesOptionsTransportHelpersAndSpaces_withoutShowingCredentials() {
        assertThat(GitNames.requireRepository("k", "git@github.com:org/app.git"))
                .isEqualTo("git@github.com:org/app.git");
        for (String bad : new String[] {"-u", "--upload-pack=touch x", "ext::sh -c x", "fd::3", "/srv/my repo", " "}) {
            assertThatThrownBy(() -> GitNames.requireRepository("k", bad))
                    .as(bad)
                    .isInstanceOf(FraisierException.class)
                    .hasMessageContaining("k.git_repo");
        }
        assertThatThrownBy(() -> GitNames.requireRepository("k", "-https://u:secret@h/r"))
                .hasMessageNotContaining("secret");
    }
}
