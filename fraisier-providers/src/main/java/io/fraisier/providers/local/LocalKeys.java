package io.fraisier.providers.local;

import io.fraisier.core.spi.ProviderKey;
import io.fraisier.providers.git.CheckoutKeys;
import io.fraisier.providers.ssh.SshKeys;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The keys of a {@code local} environment: a git checkout on this host, so no SSH keys. */
public final class LocalKeys {
    /** Several app directories on this host, rolled out as a fleet: each a mapping naming its host and app_path. */
    public static final ProviderKey HOSTS = ProviderKey.hosts(
            "hosts",
            "several checkouts on this host, rolled out in batches (see rollout:): mappings { host: NAME,"
                    + " app_path: … }");

    public static final List<ProviderKey> ALL = all();

    private LocalKeys() {}

    private static List<ProviderKey> all() {
        List<ProviderKey> keys = new ArrayList<>(CheckoutKeys.ALL);
        keys.add(HOSTS);
        return List.copyOf(keys);
    }

    /** Why a local environment refuses the SSH keys. */
    static @Nullable String foreignKeyNote(String key) {
        boolean ssh = SshKeys.keys(false).stream()
                .anyMatch(k -> k.name().equals(key) && !k.name().equals(HOSTS.name()));
        return ssh ? "local runs commands on this host: it has no host/port/user/key keys" : null;
    }
}
