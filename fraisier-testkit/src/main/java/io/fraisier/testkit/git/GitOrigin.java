package io.fraisier.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real git repository in a temporary folder that tests commit to, as a developer would push: either the
 * work tree itself is the origin ({@link #create}), or it pushes every commit to a bare repository that is
 * the origin ({@link #withBare}). Git runs without the machine's or the user's configuration.
 */
public final class GitOrigin {
    private final Path work;
    private final @Nullable Path bare;

    private GitOrigin(Path work, @Nullable Path bare) {
        this.work = work;
        this.bare = bare;
    }

    /** A repository (branch main) in {@code dir}, which is the origin. */
    public static GitOrigin create(Path dir) {
        GitOrigin origin = new GitOrigin(dir, null);
        origin.git("init", "--quiet", "-b", "main");
        return origin;
    }

    /**
     * A bare repository {@code root/origin.git} (branch main), the origin, and a work tree {@code root/work}
     * whose commits are pushed to its main.
     */
    public static GitOrigin withBare(Path root) {
        try {
            Path bare = Files.createDirectories(root.resolve("origin.git"));
            Path work = Files.createDirectories(root.resolve("work"));
            run(List.of("git", "init", "--quiet", "--bare", "-b", "main", bare.toString()));
            GitOrigin origin = new GitOrigin(work, bare);
            origin.git("init", "--quiet", "-b", "main");
            origin.git("remote", "add", "origin", bare.toString());
            return origin;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a git origin under " + root, e);
        }
    }

    /** The work tree that commits are made in. */
    public Path dir() {
        return work;
    }

    /** What a {@code git_repo} names: the bare repository, else the work tree. */
    public String url() {
        return (bare != null ? bare : work).toString();
    }

    /**
     * Writes {@code files} (path → content) and commits them on the current branch (pushed to main when
     * there is a bare origin); returns the SHA.
     */
    public String commit(String message, Map<String, String> files) {
        files.forEach((name, content) -> write(work.resolve(name), content));
        git("add", "--all");
        git("commit", "--quiet", "--allow-empty", "-m", message);
        if (bare != null) {
            git("push", "--quiet", "origin", "HEAD:main");
        }
        return git("rev-parse", "HEAD").trim();
    }

    public void tag(String name, String sha) {
        git("tag", "-a", "-m", "release " + name, name, sha);
    }

    public void checkoutNewBranch(String name) {
        git("checkout", "--quiet", "-b", name);
    }

    public void checkout(String name) {
        git("checkout", "--quiet", name);
    }

    /** Runs git in the work tree as a test user, without signing; returns its output. */
    public String git(String... args) {
        List<String> argv = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=Fraisier Test",
                "-c",
                "user.email=test@fraisier.invalid",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "tag.gpgsign=false",
                "-C",
                work.toString()));
        argv.addAll(List.of(args));
        return run(argv);
    }

    /**
     * Runs {@code argv} without the system's or the user's git configuration; fails the test unless it
     * exits 0 within 60 s. Returns its output (stdout and stderr).
     */
    public static String run(List<String> argv) {
        try {
            Path out = Files.createTempFile("fraisier-test-git-", ".out");
            try {
                ProcessBuilder builder =
                        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
                builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
                builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
                Process process = builder.start();
                assertThat(process.waitFor(60, TimeUnit.SECONDS))
                        .as("%s finished", argv)
                        .isTrue();
                String output = Files.readString(out, StandardCharsets.UTF_8);
                assertThat(process.exitValue()).as("%s: %s", argv, output).isZero();
                return output;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + argv, e);
        }
    }

    /** Whether {@code program --version} runs and exits 0. */
    public static boolean available(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }
}
