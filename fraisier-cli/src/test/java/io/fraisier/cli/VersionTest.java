package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionTest {
    @TempDir
    Path dir;

    @Test
    void version_printsVersionAndCommit() {
        VersionInfo info = VersionInfo.load();

        CliRun.Result result = new CliRun(dir).run("--version");

        assertThat(result.exit()).isZero();
        assertThat(info.version()).isNotEqualTo("unknown");
        assertThat(result.out()).startsWith("fraisier " + info.version() + " (commit ");
        assertThat(result.out().lines()).hasSize(1);
    }

    @Test
    void version_readsTheBuildsGitProperties() {
        VersionInfo info = VersionInfo.load();

        // the build runs in a git checkout, so the plugin found the commit
        assertThat(info.commit()).isNotNull().matches("[0-9a-f]{7,}");
        assertThat(info.line()).contains(info.commit());
    }

    @Test
    void version_withVerbose_printsJavaAndTheEmbeddedStore() {
        CliRun.Result result = new CliRun(dir).run("--version", "-v");

        assertThat(result.exit()).isZero();
        assertThat(result.out())
                .contains("java: " + System.getProperty("java.runtime.version"))
                .contains("store: sqlite " + dir.resolve("home").resolve("fraisier.db"));
    }

    @Test
    void version_withVerbose_showsDatabaseUrlFromEnvironment_withoutItsPassword() {
        CliRun.Result result = new CliRun(dir)
                .env("FRAISIER_DATABASE_URL", "postgresql://fraisier:s3cret@db.example.com:5432/fraisier")
                .run("-v", "--version");

        assertThat(result.out())
                .contains("store: postgresql db.example.com:5432/fraisier")
                .contains("FRAISIER_DATABASE_URL")
                .doesNotContain("s3cret");
    }

    @Test
    void version_inJsonMode_isOneDocument() {
        CliRun.Result result = new CliRun(dir).run("--version", "--output", "json");

        assertThat(result.exit()).isZero();
        assertThat(result.out())
                .startsWith("{")
                .contains("\"version\"", "\"commit\"")
                .doesNotContain("store");
    }

    @Test
    void line_withoutCommit_saysSo() {
        assertThat(new VersionInfo("1.2.3", null, null, false).line())
                .isEqualTo("fraisier 1.2.3 (commit unknown: built outside a git checkout)");
        assertThat(new VersionInfo("1.2.3", "abc1234", "2026-11-29T00:00:00Z", true).line())
                .isEqualTo("fraisier 1.2.3 (commit abc1234-dirty, 2026-11-29T00:00:00Z)");
    }
}
