package io.fraisier.providers.coolify;

import io.fraisier.core.spi.ProviderKey;
import java.util.List;

/** The keys of a {@code coolify} environment; see {@link CoolifySettings}. */
public final class CoolifyKeys {
    public static final ProviderKey API_URL =
            ProviderKey.url("api_url", "the Coolify instance (or its /api/v1)").asRequired();
    public static final ProviderKey API_TOKEN =
            ProviderKey.string("api_token", "API token (a secret)").asRequired().asSecret();
    public static final ProviderKey APPLICATION_UUID = ProviderKey.string(
                    "application_uuid", "the application's uuid in Coolify")
            .asRequired();

    /** In documentation order. */
    public static final List<ProviderKey> ALL = List.of(API_URL, API_TOKEN, APPLICATION_UUID);

    private CoolifyKeys() {}
}
