package io.fraisier.providers.baremetal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A bare git repository (the git_repo) and a work tree that commits and pushes to it, as a developer would. */
final class Origin {
    private final Path bare;
    private final Path work;

    private Origin(Path bare, Path work) {
        this.bare = bare;
        this.work = work;
    }

    static Origin create(Path root) throws IOException {
        Path bare = Files.createDirectories(root.resolve("origin.git"));
        Path work = Files.createDirectories(root.resolve("work"));
        run(List.of("git", "init", "--quiet", "--bare", "-b", "main", bare.toString()));
        Origin origin = new Origin(bare, work);
        origin.git("init", "--quiet", "-b", "main");
        origin.git("remote", "add", "origin", bare.toString());
        return origin;
    }

    String url() {
        return bare.toString();
    }

    /** Writes {@code files}, commits and pushes to main; returns the SHA. */
    String commit(String message, Map<String, String> files) {
        files.forEach((name, content) -> {
            try {
                Path file = work.resolve(name);
                Files.createDirectories(file.getParent());
                Files.writeString(file, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        git("add", "--all");
        git("commit", "--quiet", "--allow-empty", "-m", message);
        git("push", "--quiet", "origin", "HEAD:main");
        return git("rev-parse", "HEAD").trim();
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
                "-C",
                work.toString()));
        argv.addAll(List.of(args));
        return run(argv);
    }

    static String run(List<String> argv) {
        try {
            Path out = Files.createTempFile("fraisier-test-", ".out");
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
}
