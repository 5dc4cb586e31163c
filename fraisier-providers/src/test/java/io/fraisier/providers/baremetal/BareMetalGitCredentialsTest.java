package io.fraisier.providers.baremetal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.model.Version;
import io.fraisier.testkit.git.TinyService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Over SSH, a token in {@code git_repo} reaches the host's git through stdin and its credential helper:
 * never the remote command line (which every user of the host sees in {@code ps}), never the clone's
 * {@code .git/config}. The host's {@code git} is a shim on its PATH that logs its arguments and maps the
 * https URL to the test origin ({@code url.<path>.insteadOf}), so the clone and fetch really happen.
 */
class BareMetalGitCredentialsTest extends InProcessSshFixture {
    private static final String TOKEN = "glpat-R3moteT0kenXYZ";
    private static final String CLEAN = "https://git.example.invalid/org/app.git";

    @Test
    void deploy_withATokenInGitRepo_neverSendsItOnTheRemoteCommandLine_norStoresIt() throws Exception {
        String withToken = "https://oauth2:" + TOKEN + "@git.example.invalid/org/app.git";
        Path gitconfig = root.resolve("gitconfig");
        Files.writeString(gitconfig, """
                [url "%1$s"]
                    insteadOf = %2$s
                    insteadOf = %3$s
                """.formatted(origin.url(), CLEAN, withToken));
        Path log = root.resolve("remote-git.log");
        Path shim = bin.resolve("git");
        Files.writeString(shim, """
                #!/bin/sh
                printf 'ARGV %%s\\n' "$*" >> '%1$s'
                printf 'PARENT %%s\\n' "$(tr '\\0' ' ' < /proc/$PPID/cmdline)" >> '%1$s'
                GIT_CONFIG_GLOBAL='%2$s' GIT_TRACE='%1$s' exec '%3$s' "$@"
                """.formatted(log, gitconfig, realGit()));
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, Object> s = settings();
        s.put("git_repo", withToken);

        Version v1 = Version.of(origin.commit("v1", TinyService.files(200, "v1")));
        try (var p = provider(s)) {
            p.deploy(p.resolveTarget(null), (step, message) -> {});
            assertThat(p.currentVersion()).contains(v1);
            Version v2 = Version.of(origin.commit("v2", TinyService.files(200, "v2")));
            p.deploy(p.resolveTarget(null), (step, message) -> {});
            assertThat(p.currentVersion()).contains(v2);
        }

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).anyMatch(l -> l.startsWith("ARGV ") && l.contains("clone"));
        assertThat(lines).anyMatch(l -> l.startsWith("ARGV ") && l.contains("fetch"));
        assertThat(lines).noneMatch(l -> l.contains(TOKEN));
        // the remote shell's own command line, as ps shows it, was among what was checked
        assertThat(lines).anyMatch(l -> l.startsWith("PARENT ") && l.contains("IFS= read -r"));
        String config = Files.readString(appPath.resolve(".git/config"));
        assertThat(config).doesNotContain(TOKEN).contains(CLEAN);
    }

    private static String realGit() {
        for (String d : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(d, "git");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("git is not on PATH");
    }
}
