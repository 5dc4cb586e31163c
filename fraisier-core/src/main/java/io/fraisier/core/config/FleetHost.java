package io.fraisier.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One host of an environment's {@code hosts:} list: its name (shown in events and {@code status}, put in
 * place of {@code {host}} in the health check) and the provider keys it sets for itself ({@code host},
 * {@code port}, {@code user}, {@code app_path}, …), which replace the environment's for this host.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name how the host is named: as written ({@code deploy@web2.example.com:2222}), or {@code host[:port]}
 *     for a mapping
 * @param host the host name or address, which replaces {@code {host}} in the health check
 * @param keys the provider keys this host sets ({@code host} included)
 */
public record FleetHost(String name, String host, Map<String, Object> keys) {
    public FleetHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    @Override
    public String toString() {
        return name;
    }
}
