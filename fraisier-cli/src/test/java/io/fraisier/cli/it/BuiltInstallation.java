package io.fraisier.cli.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** The installation tree this module's build made ({@code target/fraisier-<version>/}), for ITs of bin/fraisier. */
final class BuiltInstallation {
    private BuiltInstallation() {}

    /** Its absolute path; the calling test is skipped, saying how to build it, when there is none. */
    static Path find() throws IOException {
        Path installation = locate();
        assumeTrue(installation != null, "no target/fraisier-<version>/: run ./mvnw -pl fraisier-cli -am verify");
        return installation;
    }

    /** Its absolute path, or null when the module has not been packaged. */
    static @Nullable Path locate() throws IOException {
        Path target = Path.of("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(target)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("fraisier-")
                            && Files.isRegularFile(d.resolve("bin/fraisier")))
                    .findFirst()
                    .map(Path::toAbsolutePath)
                    .orElse(null);
        }
    }
}
