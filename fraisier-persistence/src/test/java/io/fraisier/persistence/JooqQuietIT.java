package io.fraisier.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.spi.FraisierStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedder that opens a store without the launcher's {@code -Dorg.jooq.no-logo=true
 * -Dorg.jooq.no-tips=true} gets neither jOOQ's logo nor its tip of the day in its output.
 */
class JooqQuietIT {
    @TempDir
    Path tmp;

    /** Opens a store under FRAISIER_HOME=args[0] and runs one query, logging at the embedder's default. */
    public static void main(String[] args) {
        try (FraisierStore store = new JooqStoreFactory().open(null, Map.of("FRAISIER_HOME", args[0]))) {
            store.deployments().find(1);
        }
    }

    @Test
    void openingAStore_withoutTheLauncherFlags_printsNoLogoNorTip() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        JooqQuietIT.class.getName(),
                        tmp.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .doesNotContainIgnoringCase("Thank you for using jOOQ")
                .doesNotContainIgnoringCase("tip of the day");
    }
}
