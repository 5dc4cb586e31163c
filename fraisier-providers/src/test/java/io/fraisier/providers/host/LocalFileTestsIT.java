package io.fraisier.providers.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.fraisier.providers.shell.LocalCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalFileTests} gives the answers of the shell scripts of {@link ShellFileTests}, run by a real
 * {@code /bin/sh} through {@link LocalCommandRunner}, for every kind of path a host can hold.
 */
class LocalFileTestsIT {
    private static final String STEP = "version";

    @TempDir
    Path root;

    private final FileTests local = new LocalFileTests();
    private final FileTests shell = new ShellFileTests(new LocalCommandRunner());

    @BeforeEach
    void tree() throws IOException {
        Files.writeString(root.resolve("file"), "x");
        Files.writeString(root.resolve("with space"), "x");
        Files.createDirectory(root.resolve("dir"));
        Files.createSymbolicLink(root.resolve("link-to-dir"), root.resolve("dir"));
        Files.createSymbolicLink(root.resolve("link-to-file"), root.resolve("file"));
        Files.createSymbolicLink(root.resolve("dangling"), root.resolve("nothing-here"));
        Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));
        Files.writeString(Files.createDirectories(root.resolve("checkout/.git")).resolve("index"), "DIRC");
        Files.writeString(Files.createDirectories(root.resolve("worktree")).resolve(".git"), "gitdir: elsewhere");
        Files.createDirectories(root.resolve("no-index/.git"));
        Files.createDirectories(root.resolve("index-is-dir/.git/index"));
        Files.createSymbolicLink(
                Files.createDirectories(root.resolve("linked-index/.git")).resolve("index"), root.resolve("file"));
        Files.createSymbolicLink(
                Files.createDirectories(root.resolve("dangling-index/.git")).resolve("index"),
                root.resolve("nothing-here"));
        Files.createSymbolicLink(root.resolve("link-to-checkout"), root.resolve("checkout"));
        Files.createSymbolicLink(root.resolve("relative-link"), Path.of("dir"));
    }

    @Test
    void everyTest_ofEveryKindOfPath_answersAsTheShellScript() {
        List<String> paths = new ArrayList<>(List.of("", "/", "//", root.toString()));
        for (String name : List.of(
                "file",
                "with space",
                "dir",
                "link-to-dir",
                "link-to-file",
                "dangling",
                "loop",
                "missing",
                "checkout",
                "worktree",
                "no-index",
                "index-is-dir",
                "linked-index",
                "dangling-index",
                "link-to-checkout",
                "relative-link",
                "checkout/.git",
                "worktree/.git",
                "file/under-a-file",
                "missing/deeper")) {
            String absolute = root.resolve(name).toString();
            paths.add(absolute);
            paths.add(absolute + "/");
            paths.add(absolute + "/.");
            paths.add(absolute + "//");
            // relative to the working directory both the JVM and the commands it starts share
            paths.add(
                    Path.of("").toAbsolutePath().relativize(root.resolve(name)).toString());
        }
        paths.add("a\0nul");

        assertThat(answers(local, paths)).isEqualTo(answers(shell, paths));
    }

    @Test
    void theTable_holdsTheCasesThatMatter() {
        // so that agreeing with the shell is not agreeing on "false" everywhere
        assertThat(local.exists(STEP, at("dangling"))).isTrue();
        assertThat(local.exists(STEP, at("loop"))).isTrue();
        assertThat(local.exists(STEP, at("dangling") + "/")).isFalse();
        assertThat(local.exists(STEP, at("missing"))).isFalse();
        assertThat(local.isDirectory(STEP, at("dir"))).isTrue();
        assertThat(local.isDirectory(STEP, at("link-to-dir"))).isFalse();
        assertThat(local.isDirectory(STEP, at("link-to-dir") + "/")).isTrue();
        assertThat(local.isCheckout(STEP, at("checkout"))).isTrue();
        assertThat(local.isCheckout(STEP, at("worktree"))).isTrue();
        assertThat(local.isCheckout(STEP, at("link-to-checkout"))).isTrue();
        assertThat(local.isCheckout(STEP, at("no-index"))).isFalse();
        assertThat(local.isCheckout(STEP, at("index-is-dir"))).isFalse();
    }

    @Test
    void aPathUnderAFolderFraisiersUserMayNotSearch_isNothing_asForTheShell() throws IOException {
        assumeFalse(
                "root".equals(System.getProperty("user.name")),
                "root searches every folder: run the tests as another user to check an unreadable parent");
        Path locked = Files.createDirectory(root.resolve("locked"));
        Files.writeString(
                Files.createDirectories(locked.resolve("checkout/.git")).resolve("index"), "DIRC");
        Files.createDirectory(locked.resolve("dir"));
        Files.createSymbolicLink(locked.resolve("dangling"), root.resolve("nothing-here"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            List<String> paths = List.of(
                    locked.resolve("checkout").toString(),
                    locked.resolve("dir").toString(),
                    locked.resolve("dangling").toString(),
                    locked.resolve("dir") + "/");

            Map<String, Boolean> answers = answers(local, paths);

            assertThat(answers).isEqualTo(answers(shell, paths)).doesNotContainValue(true);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private String at(String name) {
        return root.resolve(name).toString();
    }

    private static Map<String, Boolean> answers(FileTests tests, List<String> paths) {
        Map<String, Boolean> answers = new LinkedHashMap<>();
        for (String path : paths) {
            answers.put("exists " + path, tests.exists(STEP, path));
            answers.put("isDirectory " + path, tests.isDirectory(STEP, path));
            answers.put("isCheckout " + path, tests.isCheckout(STEP, path));
        }
        return answers;
    }
}
