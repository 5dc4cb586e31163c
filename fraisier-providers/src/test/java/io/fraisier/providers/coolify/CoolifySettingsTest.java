package io.fraisier.providers.coolify;

import static io.fraisier.providers.coolify.CoolifyTargets.APP;
import static io.fraisier.providers.coolify.CoolifyTargets.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.Secret;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.DeploymentProviderFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoolifySettingsTest {
    static CoolifySettings settings(Map<String, Object> keys, HealthCheck check) {
        return CoolifySettings.from(CoolifyTargets.environment(keys, Duration.ofSeconds(600), check));
    }

    static Map<String, Object> keys(String apiUrl) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("api_url", apiUrl);
        keys.put("api_token", Secret.of(TOKEN));
        keys.put("application_uuid", APP);
        return keys;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://coolify.example.com",
                "https://coolify.example.com/",
                "https://coolify.example.com/api/v1",
                "https://coolify.example.com/api/v1/"
            })
    void apiUrl_mayBeTheInstanceOrTheApiRoot(String url) {
        CoolifySettings s = settings(keys(url), CoolifyTargets.noHealthCheck());

        assertThat(s.apiBase()).hasToString("https://coolify.example.com/api/v1/");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void apiUrl_underAPathPrefix_keepsThePrefix() {
        assertThat(settings(keys("http://10.0.0.5:8000/coolify"), CoolifyTargets.noHealthCheck())
                        .apiBase())
                .hasToString("http://10.0.0.5:8000/coolify/api/v1/");
    }

    @Test
    void credentialsInApiUrl_areNeverShown() {
        CoolifySettings s = settings(keys("https://user:pass@coolify.example.com"), CoolifyTargets.noHealthCheck());

        assertThat(s.apiUrl()).isEqualTo("https://coolify.example.com");
        assertThat(s.toString()).doesNotContain("pass", TOKEN);
    }

    @Test
    void apiUrl_thatIsNotHttp_isRefusedNamingTheKey() {
        FraisierException e = catchThrowableOfType(
                FraisierException.class, () -> settings(keys("coolify.example.com"), CoolifyTargets.noHealthCheck()));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(e.getMessage()).contains(CoolifyTargets.KEY_PATH + ".api_url", "coolify.example.com");
    }

    @Test
    void missingToken_isRefusedNamingTheKey() {
        Map<String, Object> keys = keys("https://c.example.com");
        keys.remove("api_token");

        FraisierException e =
                catchThrowableOfType(FraisierException.class, () -> settings(keys, CoolifyTargets.noHealthCheck()));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(e.getMessage()).contains("api_token");
    }

    @Test
    void applicationUuid_withPathCharacters_isRefused() {
        Map<String, Object> keys = keys("https://c.example.com");
        keys.put("application_uuid", "../servers");

        FraisierException e =
                catchThrowableOfType(FraisierException.class, () -> settings(keys, CoolifyTargets.noHealthCheck()));

        assertThat(e.getMessage()).contains("application_uuid", "../servers");
    }

    @Test
    void healthCommand_isRefusedAtConfigTime() {
        HealthCheck command =
                new HealthCheck(null, null, "curl -f localhost", null, Duration.ofSeconds(5), 3, Duration.ofSeconds(2));

        FraisierException e =
                catchThrowableOfType(FraisierException.class, () -> settings(keys("https://c.example.com"), command));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(e.getMessage()).contains("health_check_command");
        assertThat(e.hint()).contains("health_check_url");
    }

    @Test
    void factory_isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(DeploymentProviderFactory.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .map(DeploymentProviderFactory::type))
                .contains("coolify");
    }
}
