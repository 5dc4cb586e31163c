package io.fraisier.providers.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file a local command's output goes to ({@link LocalCommandRunner#newOutputFile}). */
class OutputFileTest {
    @TempDir
    Path dir;

    @Test
    void isNewEmptyAndPrivate() throws Exception {
        Path file = LocalCommandRunner.newOutputFile(dir, new SplittableRandom(1));

        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(file.getFileName().toString()).startsWith("fraisier-cmd-").endsWith(".out");
        assertThat(Files.size(file)).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .as("as Files.createTempFile makes it: the output may hold what a command printed")
                .isEqualTo("rw-------");
    }

    @Test
    void aTakenName_isDrawnAgain_andAPlantedLinkIsNeverFollowed() throws Exception {
        RandomGenerator fixed = () -> 42L;
        Path first = LocalCommandRunner.newOutputFile(dir, new Sequence(7L, 8L));
        Path target = dir.resolve("victim");
        Files.writeString(target, "keep");
        // a link planted at the next name: the file is made elsewhere, the link and its target untouched
        Path planted = dir.resolve("fraisier-cmd-9.out");
        Files.createSymbolicLink(planted, target);

        Path second = LocalCommandRunner.newOutputFile(dir, new Sequence(9L, 10L));

        assertThat(first.getFileName()).hasToString("fraisier-cmd-7.out");
        assertThat(second.getFileName()).hasToString("fraisier-cmd-10.out");
        assertThat(Files.isSymbolicLink(planted)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("keep");
        assertThat(Files.isRegularFile(second, LinkOption.NOFOLLOW_LINKS)).isTrue();
        // a directory where every name is taken: a clear error, no endless loop
        Files.createFile(dir.resolve("fraisier-cmd-42.out"));
        assertThatThrownBy(() -> LocalCommandRunner.newOutputFile(dir, fixed))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("all taken");
    }

    /** Draws the given numbers in turn, then the last one forever. */
    private static final class Sequence implements RandomGenerator {
        private final long[] values;
        private int next;

        Sequence(long... values) {
            this.values = values;
        }

        @Override
        public long nextLong() {
            return values[Math.min(next++, values.length - 1)];
        }
    }
}
