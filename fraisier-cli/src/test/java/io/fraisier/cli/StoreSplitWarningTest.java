package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSplitWarningTest {
    @TempDir
    Path dir;

    private Path userStore() {
        return dir.resolve("home/.local/share/fraisier/fraisier.db");
    }

    private Map<String, String> env() {
        return Map.of("HOME", dir.resolve("home").toString());
    }

    @Test
    void check_userStoreWhileTheSystemStoreExists_warnsOnceNamingBoth() throws Exception {
        Path system = Files.createFile(
                Files.createDirectories(dir.resolve("var/lib/fraisier")).resolve("fraisier.db"));
        StoreSplitWarning warning = new StoreSplitWarning(system, List.of(dir.resolve("no.service")));

        assertThat(warning.check("sqlite " + userStore(), env()))
                .hasValueSatisfying(text -> assertThat(text)
                        .startsWith("warning: recording to your own store " + userStore())
                        .contains("the system store " + system + " exists")
                        .contains("\nhint: ")
                        .contains("FRAISIER_HOME"));
        assertThat(warning.check("sqlite " + userStore(), env())).isEmpty();
    }

    @Test
    void check_userStoreWithTheDaemonInstalled_warns() throws Exception {
        Path unit = Files.writeString(dir.resolve("fraisier-webhook.service"), "[Unit]\n");
        StoreSplitWarning warning = new StoreSplitWarning(dir.resolve("absent.db"), List.of(unit));

        assertThat(warning.check("sqlite " + userStore(), env()))
                .hasValueSatisfying(text -> assertThat(text).contains("fraisier-webhook is installed (" + unit + ")"));
    }

    @Test
    void check_userStoreAlone_saysNothing() {
        StoreSplitWarning warning = new StoreSplitWarning(dir.resolve("absent.db"), List.of(dir.resolve("no.service")));

        assertThat(warning.check("sqlite " + userStore(), env())).isEmpty();
    }

    @Test
    void check_otherStores_sayNothing() throws Exception {
        Path system = Files.createFile(dir.resolve("fraisier.db"));
        StoreSplitWarning warning = new StoreSplitWarning(system, List.of());

        assertThat(warning.check("sqlite " + system, env())).isEmpty();
        assertThat(warning.check("sqlite " + dir.resolve("custom/fraisier.db"), env()))
                .isEmpty();
        assertThat(warning.check("postgresql db.example.com:5432/fraisier as fraisier", env()))
                .isEmpty();
    }
}
