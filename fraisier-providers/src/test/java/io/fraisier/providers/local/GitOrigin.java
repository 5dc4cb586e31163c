package io.fraisier.providers.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real git repository in a temporary folder that tests commit to, as a developer would push. */
final class GitOrigin {
    private final Path dir;

    private GitOrigin(Path dir) {
        this.dir = dir;
    }

    static GitOrigin create(Path dir) {
        GitOrigin origin = new GitOrigin(dir);
        origin.git("init", "--quiet", "-b", "main");
        return origin;
    }

    Path dir() {
        return dir;
    }

    String url() {
        return dir.toString();
    }

    /** Writes {@code files} (path → content) and commits them on the current branch; returns the SHA. */
    String commit(String message, Map<String, String> files) {
        files.forEach((name, content) -> write(dir.resolve(name), content));
        git("add", "--all");
        git("commit", "--quiet", "--allow-empty", "-m", message);
        return git("rev-parse", "HEAD").trim();
    }

    void tag(String name, String sha) {
        git("tag", "-a", "-m", "release " + name, name, sha);
    }

    void checkoutNewBranch(String name) {
        git("checkout", "--quiet", "-b", name);
    }

    void checkout(String name) {
        git("checkout", "--quiet", name);
    }

    String git(String... args) {
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
                dir.toString()));
        argv.addAll(List.of(args));
        return run(argv);
    }

    static String run(List<String> argv) {
        try {
            Path out = Files.createTempFile("fraisier-test-git-", ".out");
            try {
                ProcessBuilder builder =
                        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
                builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
                builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
                Process process = builder.start();
                assertThat(process.waitFor(30, TimeUnit.SECONDS))
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

    static boolean available(String program) {
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
