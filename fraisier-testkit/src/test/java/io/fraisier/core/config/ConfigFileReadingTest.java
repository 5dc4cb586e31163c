package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Target;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading files: fraises.yaml itself, and provider-test's one-provider files. */
class ConfigFileReadingTest {
    @TempDir
    Path tmp;

    private final ConfigParser parser = new ConfigParser(Map.of("SSH_USER", "deploy"), ReferenceProviders.all());

    @Test
    void missingFile_isConfigNotFound_namingThePath() {
        Path missing = tmp.resolve("nope.yaml");

        FraisierException e = catchThrowableOfType(FraisierException.class, () -> parser.parse(missing));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_NOT_FOUND);
        assertThat(e.getMessage()).contains(missing.toString());
    }

    @Test
    void directory_isConfigInvalid_sayingSo() {
        FraisierException e = catchThrowableOfType(FraisierException.class, () -> parser.parse(tmp));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(e.getMessage()).contains(tmp.toString()).contains("directory");
    }

    @Test
    void nonUtf8File_isConfigInvalid() throws IOException {
        Path latin1 = Files.write(tmp.resolve("f.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

        FraisierException e = catchThrowableOfType(FraisierException.class, () -> parser.parse(latin1));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(e.getMessage()).contains("UTF-8");
    }

    @Test
    void providerFile_holdsOneProvidersKeysAtTopLevel_withDefaultsApplied() throws IOException {
        Path f = Files.writeString(
                tmp.resolve("provider.yaml"),
                "host: app1.example.com\nuser: ${SSH_USER}\napp_path: /srv/api\nhealth_check_tcp: app1:8000\n");

        EnvironmentConfig e = parser.parseProviderFile(f, "bare_metal");

        assertThat(e.target()).isEqualTo(Target.of("provider-test", "bare_metal"));
        assertThat(e.provider()).isEqualTo("bare_metal");
        assertThat(e.settings().values())
                .containsEntry("host", "app1.example.com")
                .containsEntry("user", "deploy")
                .containsEntry("port", 22L)
                .containsEntry("use_sudo", false);
        assertThat(e.healthCheck().tcp()).isEqualTo("app1:8000");
        assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void providerFile_reportsForeignUnknownAndMissingKeys_withLineAndColumn() throws IOException {
        Path f = Files.writeString(tmp.resolve("p.yaml"), "image: nginx\nhots: h\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parser.parseProviderFile(f, "local"));

        String name = f.toString();
        assertThat(e.problems())
                .extracting(ConfigProblem::format)
                .containsExactly(
                        name + ":1:1: image: key 'image' belongs to provider docker, not local",
                        name + ":1:1: missing required key 'app_path' for provider local (environment"
                                + " provider-test/local)",
                        name + ":2:1: hots: unknown key 'hots' (did you mean 'host'?)");
    }

    @Test
    void providerFile_whoseProviderKeyDisagrees_isAProblem() throws IOException {
        Path f = Files.writeString(tmp.resolve("p.yaml"), "provider: docker\nimage: nginx\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parser.parseProviderFile(f, "local"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo("provider");
            assertThat(p.message()).contains("tested as provider local but says provider: docker");
        });
    }

    @Test
    void providerFile_forAnUnknownProvider_isProviderUnknown_listingTheKnownOnes() throws IOException {
        Path f = Files.writeString(tmp.resolve("p.yaml"), "host: h\n");

        FraisierException e = catchThrowableOfType(FraisierException.class, () -> parser.parseProviderFile(f, "k8s"));

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_UNKNOWN);
        assertThat(e.hint()).contains("bare_metal, local, docker, docker_compose, coolify");
    }
}
