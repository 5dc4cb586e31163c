package io.fraisier.providers.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraisier.providers.shell.LocalCommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalFileTests} gives the answers of the shell scripts of {@link ShellFileTests}, run by a real
 * {@code /bin/sh} through {@link LocalCommandRunner}, for every kind of path a host can hold.
 */
class LocalFileTestsIT {
    private static final String STEP = "version";
    private static final String SETPRIV = "/usr/bin/setpriv";

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
    void aPathUnderAFolderFraisiersUserMayNotSearch_isNothing_asForTheShell() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            // root searches every folder: the same check, as nobody, in a JVM and shells of that user
            asNobody_aPathUnderAFolderItMayNotSearch_isNothing_asForTheShell();
            return;
        }
        Path locked = lockedTree(root);
        try {
            List<String> paths = lockedPaths(locked);

            Map<String, Boolean> answers = answers(local, paths);

            assertThat(answers).isEqualTo(answers(shell, paths)).doesNotContainValue(true);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private void asNobody_aPathUnderAFolderItMayNotSearch_isNothing_asForTheShell() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(SETPRIV)), "install util-linux (setpriv) to run this test as root");
        // a tree nobody may walk to (the JUnit folder is root's own), and the classes it runs, copied there
        Path base = Files.createTempDirectory(Path.of("/tmp"), "fraisier-file-tests-");
        try {
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path classes = base.resolve("classes");
            for (Class<?> type :
                    List.of(FileTests.class, LocalFileTests.class, ShellFileTests.class, LocalFileTestsProbe.class)) {
                // from a folder or a jar (failsafe runs against the packaged one)
                String file = type.getName().replace('.', '/') + ".class";
                Files.createDirectories(classes.resolve(file).getParent());
                try (var in = type.getResourceAsStream("/" + file)) {
                    Files.copy(java.util.Objects.requireNonNull(in, file), classes.resolve(file));
                }
            }
            try (var walk = Files.walk(classes)) {
                for (Path p : walk.toList()) {
                    Files.setPosixFilePermissions(
                            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            Path locked = lockedTree(base);
            List<String> paths = lockedPaths(locked);
            // the control: the same paths outside the locked folder are there for nobody
            Path open = Files.createDirectories(base.resolve("open/dir"));
            List<String> all = new ArrayList<>(paths);
            all.add(open.toString());

            List<String> command = new ArrayList<>(List.of(
                    SETPRIV,
                    "--reuid=65534",
                    "--regid=65534",
                    "--clear-groups",
                    "--",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:-UsePerfData",
                    "-Xshare:auto",
                    "-cp",
                    classes.toString(),
                    LocalFileTestsProbe.class.getName()));
            command.addAll(all);
            List<String> lines = run(command).lines().toList();

            Map<String, Boolean> java = new LinkedHashMap<>();
            Map<String, Boolean> sh = new LinkedHashMap<>();
            for (int i = 0; i < all.size(); i++) {
                String path = all.get(i);
                String[] answer = lines.get(i).split(" ");
                java.put("exists " + path, Boolean.parseBoolean(answer[0]));
                java.put("isDirectory " + path, Boolean.parseBoolean(answer[1]));
                java.put("isCheckout " + path, Boolean.parseBoolean(answer[2]));
                sh.put("exists " + path, shellAsNobody(ShellFileTests.EXISTS, path));
                sh.put("isDirectory " + path, shellAsNobody(ShellFileTests.IS_DIR, path));
                sh.put("isCheckout " + path, shellAsNobody(ShellFileTests.CHECKED_OUT, path));
            }

            assertThat(java).isEqualTo(sh);
            assertThat(java).containsEntry("isDirectory " + open, true);
            java.remove("exists " + open);
            java.remove("isDirectory " + open);
            java.remove("isCheckout " + open);
            assertThat(java).doesNotContainValue(true);
            // and root, in process, does see into the folder: the reason for the other user
            assertThat(local.isCheckout(STEP, locked.resolve("checkout").toString()))
                    .isTrue();
        } finally {
            try (var walk = Files.walk(base)) {
                for (Path p : walk.filter(Files::isDirectory).toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
                }
            }
            try (var walk = Files.walk(base)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Path lockedTree(Path parent) throws IOException {
        Path locked = Files.createDirectory(parent.resolve("locked"));
        Files.writeString(
                Files.createDirectories(locked.resolve("checkout/.git")).resolve("index"), "DIRC");
        Files.createDirectory(locked.resolve("dir"));
        Files.createSymbolicLink(locked.resolve("dangling"), parent.resolve("nothing-here"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        return locked;
    }

    private static List<String> lockedPaths(Path locked) {
        return List.of(
                locked.resolve("checkout").toString(),
                locked.resolve("dir").toString(),
                locked.resolve("dangling").toString(),
                locked.resolve("dir") + "/");
    }

    private static boolean shellAsNobody(String script, String path) throws Exception {
        Process process = new ProcessBuilder(
                        SETPRIV,
                        "--reuid=65534",
                        "--regid=65534",
                        "--clear-groups",
                        "--",
                        "/bin/sh",
                        "-c",
                        script,
                        "sh",
                        path)
                .redirectErrorStream(true)
                .start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() == 0;
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        return out;
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
