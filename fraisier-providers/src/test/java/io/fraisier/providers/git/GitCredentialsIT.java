package io.fraisier.providers.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import io.fraisier.providers.shell.LocalCommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token in {@code git_repo} never reaches git's command line (what every local user sees in
 * {@code ps}) nor the remote URL stored in {@code .git/config}; git still gets it, from its credential
 * helper. Git runs through a {@code git} on PATH that logs its arguments and environment and then runs the
 * real git; the https URL is mapped to a local repository with {@code url.<path>.insteadOf}, so clone and
 * fetch really happen (a local repository asks for no credentials: that the helper answers git's
 * question is checked with {@code git credential fill}).
 */
class GitCredentialsIT {
    private static final String TOKEN = "ghp_Sup3rS3cretT0ken";
    private static final String CLEAN = "https://git.example.invalid/demo.git";
    private static final String WITH_TOKEN = "https://oauth2:" + TOKEN + "@git.example.invalid/demo.git";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path origin;
    private Path log;
    private Path trace;
    private Git git;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        origin = dir.resolve("origin");
        Files.createDirectories(origin);
        plainGit(origin, "init", "--quiet", "-b", "main");
        commit("v1");
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        // both forms map to the local repository, so that git would work even if it were handed the token
        Files.writeString(home.resolve(".gitconfig"), """
                [url "%1$s"]
                    insteadOf = %2$s
                    insteadOf = %3$s
                """.formatted(origin, CLEAN, WITH_TOKEN));
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        log = dir.resolve("git.log");
        Path shim = bin.resolve("git");
        Files.writeString(shim, """
                #!/bin/sh
                printf 'ARGV %%s\\n' "$*" >> '%1$s'
                env | sed 's/^/ENV /' >> '%1$s'
                exec '%2$s' "$@"
                """.formatted(log, realGit()));
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("HOME", home.toString());
        trace = dir.resolve("git-trace.log");
        // Java finds a program on its own PATH, not the child's: hand the shim's path to the runner; git's own
        // children (remote helpers, the credential helper) are logged by GIT_TRACE
        LocalCommandRunner local = new LocalCommandRunner(env);
        CommandRunner viaShim = spec -> {
            List<String> argv = new ArrayList<>(spec.argv());
            argv.set(0, shim.toString());
            return local.run(
                    new CommandSpec(spec.step(), argv, spec.workDir(), spec.env(), spec.timeout(), spec.display())
                            .withSecretEnv(spec.secretEnv()));
        };
        git = new Git(viaShim, TIMEOUT, Map.of("GIT_TRACE", trace.toString()));
    }

    @Test
    void cloneAndFetch_withATokenInTheUrl_neverPutTheTokenOnACommandLine_norInGitConfig() throws Exception {
        Path app = dir.resolve("app");
        git.cloneInto(WITH_TOKEN, app.toString(), false, StepReporter.NONE);
        assertThat(git.lsRemote(WITH_TOKEN, List.of("refs/heads/main"))).containsKey("refs/heads/main");
        String v2 = commit("v2");
        git.fetch(app.toString(), WITH_TOKEN, "+refs/heads/*:refs/remotes/origin/*", StepReporter.NONE);

        assertThat(git.hasCommit(app.toString(), v2))
                .as("the fetch still works")
                .isTrue();
        assertThat(Files.readString(app.resolve(".git/config")))
                .doesNotContain(TOKEN)
                .contains(CLEAN);
        List<String> lines = Files.readAllLines(log);
        List<String> traced = Files.readAllLines(trace);
        assertThat(traced).anyMatch(l -> l.contains("git-remote-") || l.contains("clone"));
        assertThat(traced).noneMatch(l -> l.contains(TOKEN));
        assertThat(lines).filteredOn(l -> l.startsWith("ARGV ")).isNotEmpty().noneMatch(l -> l.contains(TOKEN));
        // the token is only in the variable the credential helper reads, given to git alone
        assertThat(lines)
                .filteredOn(l -> l.contains(TOKEN))
                .allMatch(l -> l.equals("ENV " + Git.PASSWORD_VARIABLE + "=" + TOKEN));
    }

    @Test
    void fetch_intoACloneThatKeptTheTokenInItsConfig_removesIt() throws Exception {
        Path old = dir.resolve("old");
        // what an older Fraisier left: a clone of the URL with its token
        plainGit(dir, "clone", "--quiet", WITH_TOKEN, old.toString());
        assertThat(Files.readString(old.resolve(".git/config"))).contains(TOKEN);
        String v2 = commit("v2");

        git.fetch(old.toString(), WITH_TOKEN, "+refs/heads/*:refs/remotes/origin/*", StepReporter.NONE);

        assertThat(git.hasCommit(old.toString(), v2)).isTrue();
        assertThat(Files.readString(old.resolve(".git/config")))
                .doesNotContain(TOKEN)
                .contains(CLEAN);
    }

    @Test
    void theCredentialHelper_answersGitsQuestion_withTheUrlsCredentials() throws Exception {
        CommandSpec spec = git.remoteSpec("resolve", RepositoryUrl.parse(WITH_TOKEN), List.of("credential", "fill"));
        assertThat(spec.argv()).noneMatch(a -> a.contains(TOKEN));
        assertThat(spec.display()).doesNotContain(TOKEN);
        ProcessBuilder pb = new ProcessBuilder(spec.argv()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().putAll(spec.env());
        spec.secretEnv().forEach((k, v) -> pb.environment().put(k, v.reveal()));
        Process p = pb.start();
        p.getOutputStream()
                .write("protocol=https\nhost=git.example.invalid\npath=demo.git\n\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("username=oauth2\n").contains("password=" + TOKEN + "\n");
    }

    @Test
    void aUrlWithoutCredentials_isPassedAsItIs() {
        CommandSpec spec = git.remoteSpec("resolve", RepositoryUrl.parse(CLEAN), List.of("ls-remote", "--", CLEAN));
        assertThat(spec.argv()).containsExactly("git", "ls-remote", "--", CLEAN);
        assertThat(spec.secretEnv()).isEmpty();
    }

    private String commit(String version) throws Exception {
        Files.writeString(origin.resolve("VERSION"), version);
        plainGit(origin, "add", "-A");
        plainGit(origin, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", version);
        return plainGit(origin, "rev-parse", "HEAD");
    }

    private String plainGit(Path in, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(realGit(), "-C", in.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (env != null) {
            pb.environment().put("HOME", env.get("HOME"));
        } else {
            pb.environment().put("HOME", dir.resolve("home").toString());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
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
