package io.fraisier.providers.coolify;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.config.Secret;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.time.Duration;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The {@code coolify} keys of one environment, checked.
 *
 * @param keyPath where the keys live in fraises.yaml, for messages
 * @param apiUrl {@code api_url} as written (without credentials or trailing slash), for messages
 * @param apiBase the API root: {@code api_url} + {@code /api/v1}
 * @param token {@code api_token}; never shown
 * @param applicationUuid {@code application_uuid}
 * @param timeout the environment's deployment timeout, bounding the wait for Coolify's build
 */
record CoolifySettings(
        String keyPath, String apiUrl, HttpUrl apiBase, Secret token, String applicationUuid, Duration timeout) {
    private static final Pattern UUID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    @Override
    public String toString() {
        return "CoolifySettings[" + keyPath + ", api_url=" + apiUrl + ", application_uuid=" + applicationUuid + "]";
    }

    /**
     * @throws FraisierException {@code CONFIG_INVALID} naming the key when one is missing or malformed, or
     *     when the environment asks for a health command (Fraisier cannot run commands inside Coolify's
     *     containers)
     */
    static CoolifySettings from(EnvironmentConfig environment) {
        ProviderSettings settings = environment.settings();
        String keyPath = settings.keyPath();
        if (environment.healthCheck().command() != null) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    keyPath + ".health_check_command: the coolify provider cannot run commands in the application",
                    "Use health_check_url or health_check_tcp (probed from the Fraisier host), or Coolify's own"
                            + " health check.");
        }
        String rawUrl = settings.requireString("api_url").trim();
        HttpUrl parsed = HttpUrl.parse(rawUrl);
        if (parsed == null) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    keyPath + ".api_url: '" + rawUrl + "' is not an http:// or https:// URL",
                    "Write the address of your Coolify instance, e.g. https://coolify.example.com.");
        }
        HttpUrl.Builder root =
                parsed.newBuilder().username("").password("").query(null).fragment(null);
        String display = root.build().toString().replaceAll("/+$", "");
        // accept the instance root or the API root, with or without a trailing slash
        String path = parsed.encodedPath().replaceAll("/+$", "");
        if (!path.endsWith("/api/v1")) {
            path = path + "/api/v1";
        }
        HttpUrl base = root.encodedPath(path + "/").build();
        Secret token = settings.secret("api_token")
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> new FraisierException(
                        ErrorCode.CONFIG_INVALID,
                        keyPath + ": missing required key 'api_token'",
                        "Set api_token: ${COOLIFY_TOKEN} in " + keyPath
                                + " and export a token from Coolify's Keys & Tokens → API tokens."));
        String uuid = settings.requireString("application_uuid").trim();
        if (!UUID.matcher(uuid).matches()) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    keyPath + ".application_uuid: '" + uuid + "' is not a Coolify resource uuid",
                    "Copy the uuid from the application's URL in Coolify (letters, digits, - and _).");
        }
        return new CoolifySettings(keyPath, display, base, token, uuid, environment.timeout());
    }
}
